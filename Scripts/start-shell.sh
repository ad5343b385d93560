#!/usr/bin/env bash
# Sets up Porpoise (Debian packages, a release build) and starts the interactive shell.
# Arguments are passed to porpoise: Scripts/start-shell.sh -e 'sum(1 2 3)'
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/install-deps.sh
Scripts/build-release.sh >&2
exec .build/release/porpoise "$@"
