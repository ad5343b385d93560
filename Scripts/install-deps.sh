#!/usr/bin/env bash
# Installs the Debian packages Porpoise builds and tests with, if any is missing.
# libedit-dev: the shell's line editor; liblz4-dev: dfs:// column compression; libpcre2-dev:
# the regex built-ins;
# libzookeeper-mt-dev and zookeeper: the cluster layer.
# With --browser (the test suite): chromium, chromium-driver and python3-selenium, and
# firefox-esr with Mozilla's marionette_driver (from PyPI, in .build/browser-venv: Debian has
# no geckodriver), which drive the web console's tests in real browsers.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
packages=(libedit-dev liblz4-dev libpcre2-dev libzookeeper-mt-dev zookeeper)
browser=false
if [ "${1:-}" = "--browser" ]; then
  browser=true
  packages+=(chromium chromium-driver python3-selenium firefox-esr python3-venv)
fi
venv() {
  $browser || return 0
  [ -x "$root/.build/browser-venv/bin/python" ] && "$root/.build/browser-venv/bin/python" -c "import marionette_driver" 2>/dev/null && return 0
  /usr/bin/python3 -m venv "$root/.build/browser-venv"
  "$root/.build/browser-venv/bin/pip" install -q --disable-pip-version-check marionette_driver==3.7.1
}
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  venv
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing: ${missing[*]}" >&2
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
venv
