# ensure_build_deps: the system libraries the build links (webauthn-rs links OpenSSL, found
# through pkg-config), installed with apt-get where missing.
ensure_build_deps() {
  if command -v pkg-config >/dev/null && pkg-config --exists openssl; then
    return
  fi
  echo "[build] installing libssl-dev and pkg-config (for webauthn-rs)" >&2
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libssl-dev pkg-config >/dev/null
}
