# ensure_age: Debian's age (encrypts backups to a public key), installed with apt-get where
# missing.
ensure_age() {
  command -v age >/dev/null && command -v age-keygen >/dev/null && return
  echo "[backup] installing age" >&2
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq age >/dev/null
}
