#!/usr/bin/env bash
# Runs a command cut off from everything but this machine's loopback and with a read-only file
# system, except /tmp, a scratch /home and the folder of a `--results FILE` argument: for the
# measurements that run other people's scripts (Scripts/compat.sh, Scripts/doc-examples.sh),
# which connect to their authors' hosts and write where their authors kept files (/home/DolphinDB,
# /hdd/...). Without namespaces (unshare from util-linux, ip from iproute2) it does not run.
#
#   Scripts/isolate.sh COMMAND [ARGS...]
set -euo pipefail
[ $# -ge 1 ] || { sed -n 2,8p "$0"; exit 64; }
command -v unshare >/dev/null && command -v ip >/dev/null ||
  { echo "isolate.sh needs unshare and ip (util-linux, iproute2) to isolate what it runs" >&2; exit 69; }
writable=/tmp
previous=""
for arg in "$@"; do
  [ "$previous" != "--results" ] || writable="$writable:$(cd "$(dirname "$arg")" && pwd)"
  previous=$arg
done
user_ns=()
[ "$(id -u)" -eq 0 ] || user_ns=(--map-root-user)
exec unshare "${user_ns[@]}" --net --mount -- env PORPOISE_ISOLATED=1 PORPOISE_WRITABLE="$writable" bash -c '
  set -e
  ip link set lo up
  IFS=: read -ra folders <<< "$PORPOISE_WRITABLE"
  # Bound onto themselves, these folders keep their own (writable) mounts when / turns read-only.
  for folder in "${folders[@]}"; do mount --bind "$folder" "$folder"; done
  mount -t tmpfs tmpfs /home
  mount -o remount,bind,ro /
  exec "$@"' isolate "$@"
