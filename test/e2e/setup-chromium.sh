#!/usr/bin/env bash
# Installs Debian's Chromium for the tests that drive a page with playwright-core (npm test's
# test/dev-page.test.ts, and the e2e tests). A second or so when it is already there.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
sudo=()
[ "$(id -u)" = 0 ] || sudo=(sudo -n)
echo "setup-chromium.sh: installing Debian's chromium (apt-get)" >&2
if ! { DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq chromium; } >/dev/null 2>&1; then
  echo "setup-chromium.sh: FAILED to install chromium — run: sudo apt-get install -y chromium" >&2
  exit 1
fi
