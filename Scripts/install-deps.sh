#!/usr/bin/env bash
# Installs the Debian packages Porpoise builds and tests with, if any is missing.
# libedit-dev: the shell's line editor; libzookeeper-mt-dev and zookeeper: the cluster layer.
# With --browser (the test suite): chromium, chromium-driver and python3-selenium, which drive
# the web console's tests in a real browser.
set -euo pipefail
packages=(libedit-dev libzookeeper-mt-dev zookeeper)
[ "${1:-}" != "--browser" ] || packages+=(chromium chromium-driver python3-selenium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing: ${missing[*]}" >&2
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
