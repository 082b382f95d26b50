# Node.js tools the scripts use (PurgeCSS for the style subset, Lighthouse for page
# scores), installed once into target/node-tools at pinned versions, never into the repo.
NODE_TOOLS="${REPO_ROOT:-$(pwd)}/target/node-tools"

install_node_tools() {
  if ! command -v npm >/dev/null; then
    echo "npm is needed: apt-get install -y nodejs npm" >&2
    return 1
  fi
  if [ ! -x "$NODE_TOOLS/node_modules/.bin/lighthouse" ] || [ ! -d "$NODE_TOOLS/node_modules/purgecss" ]; then
    mkdir -p "$NODE_TOOLS"
    (cd "$NODE_TOOLS" && [ -f package.json ] || echo '{"private":true}' >"$NODE_TOOLS/package.json")
    npm install --prefix "$NODE_TOOLS" --no-audit --no-fund --silent purgecss@7.0.2 lighthouse@12.8.2 >&2
  fi
}
