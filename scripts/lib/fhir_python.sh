# ensure_fhir_python: a virtualenv in target/fhir-venv with PyPI's fhirclient (a real SMART
# on FHIR client) and fhir.resources (FHIR R4 models) for the FHIR API's tests. Pinned, and
# installed once: the test finds it at target/fhir-venv/bin/python.
# Run directly (`bash scripts/lib/fhir_python.sh`) to install it without the test suite.
FHIR_PYTHON_PACKAGES="fhirclient==4.4.0 fhir.resources==8.3.0 requests==2.32.5"
ensure_fhir_python() {
  local venv="${REPO_ROOT:-.}/target/fhir-venv"
  if [ -x "$venv/bin/python" ] && [ "$(cat "$venv/.packages" 2>/dev/null)" = "$FHIR_PYTHON_PACKAGES" ]; then
    return
  fi
  echo "[fhir] installing $FHIR_PYTHON_PACKAGES into $venv" >&2
  if ! python3 -m venv "$venv" 2>/dev/null; then
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-venv >/dev/null
    python3 -m venv "$venv"
  fi
  # shellcheck disable=SC2086
  "$venv/bin/pip" install -q --disable-pip-version-check $FHIR_PYTHON_PACKAGES
  echo "$FHIR_PYTHON_PACKAGES" >"$venv/.packages"
}
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  ensure_fhir_python
fi
