#!/usr/bin/env bash
# Starts and stops a real ZooKeeper (Debian's `zookeeper` package) on loopback, for tests and
# for trying a cluster on one machine.
#
#   Scripts/zookeeper.sh start DIR [SERVERS] [TICK_MS]   start 1 (default) or 3 servers under DIR
#   Scripts/zookeeper.sh stop DIR [N]                     stop every server under DIR, or server N
#   Scripts/zookeeper.sh resume DIR N                     start server N of DIR again (same port)
#   Scripts/zookeeper.sh connect DIR                      print the connect string
#
# Each server gets a free port on 127.0.0.1, chosen at start. `start` returns once every
# server answers `srvr` with a Mode line (not `ruok`, which answers before it serves), and
# prints the connect string (`127.0.0.1:P1,127.0.0.1:P2,...`). Servers are stopped by PID.
# TICK_MS defaults to 500 (sessions of 1 to 30 s), the test setting of our design notes.
set -euo pipefail

cmd="${1:-}"
dir="${2:-}"
[ -n "$cmd" ] && [ -n "$dir" ] || { sed -n '2,13p' "$0" >&2; exit 64; }

classpath=/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-simple.jar

free_ports() {
  # Ask the kernel for N distinct free loopback ports: every socket stays bound until all are
  # chosen, so no port is handed out twice (a 3-server ensemble needs 9).
  python3 -c 'import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))' "$1"
}

probe() {
  # `srvr` over bash's /dev/tcp; prints the server's reply.
  local port=$1
  (exec 3<>"/dev/tcp/127.0.0.1/$port" && printf srvr >&3 && timeout 2 cat <&3) 2>/dev/null || true
}

runs() {
  # Whether a pid runs. Not `kill -0`: a server that has ended stays a zombie until its parent
  # (init, once this script has exited) reaps it, which some containers' init does late or
  # never; a zombie's state in /proc/PID/stat (after the command's closing parenthesis) is Z.
  local stat rest
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  rest=${stat##*) }
  [ "${rest%% *}" != Z ]
}

wait_ready() {
  local n=$1 port pid deadline
  port=$(cat "$dir/zk$n/port")
  pid=$(cat "$dir/zk$n/pid")
  deadline=$((SECONDS + 30))
  until probe "$port" | grep -q '^Mode:'; do
    if ! runs "$pid"; then
      echo "zookeeper $n exited during start; its log:" >&2
      tail -20 "$dir/zk$n/server.log" >&2
      exit 69
    fi
    if [ $SECONDS -ge $deadline ]; then
      echo "zookeeper $n (port $port) not serving after 30 s" >&2
      exit 69
    fi
    sleep 0.05
  done
}

launch() {
  local n=$1
  mkdir -p "$dir/zk$n/data"
  java -Xmx256m -XX:+UseSerialGC -cp "$classpath" \
    org.apache.zookeeper.server.quorum.QuorumPeerMain "$dir/zk$n/zoo.cfg" >>"$dir/zk$n/server.log" 2>&1 &
  echo $! >"$dir/zk$n/pid"
}

connect_string() {
  local out="" n
  for n in $(cat "$dir/servers"); do out="$out${out:+,}127.0.0.1:$(cat "$dir/zk$n/port")"; done
  echo "$out"
}

case "$cmd" in
  start)
    servers="${3:-1}"
    tick="${4:-500}"
    mkdir -p "$dir"
    seq 1 "$servers" >"$dir/servers"
    read -r -a free <<<"$(free_ports $((servers * 3)))"
    ports=()
    for n in $(seq 1 "$servers"); do
      mkdir -p "$dir/zk$n/data"
      ports[$n]=${free[$(((n - 1) * 3))]}
      echo "${ports[$n]}" >"$dir/zk$n/port"
    done
    peers=""
    if [ "$servers" -gt 1 ]; then
      for n in $(seq 1 "$servers"); do
        peers="${peers}server.$n=127.0.0.1:${free[$(((n - 1) * 3 + 1))]}:${free[$(((n - 1) * 3 + 2))]}"$'\n'
      done
    fi
    for n in $(seq 1 "$servers"); do
      echo "$n" >"$dir/zk$n/data/myid"
      cat >"$dir/zk$n/zoo.cfg" <<EOF
tickTime=$tick
initLimit=10
syncLimit=5
minSessionTimeout=$((tick * 2))
maxSessionTimeout=30000
dataDir=$dir/zk$n/data
clientPort=${ports[$n]}
clientPortAddress=127.0.0.1
admin.enableServer=false
4lw.commands.whitelist=ruok,srvr,stat,mntr,conf,cons
$peers
EOF
      launch "$n"
    done
    for n in $(seq 1 "$servers"); do wait_ready "$n"; done
    connect_string
    ;;
  resume)
    n="${3:?server number}"
    launch "$n"
    wait_ready "$n"
    ;;
  stop)
    only="${3:-}"
    for n in $(cat "$dir/servers" 2>/dev/null); do
      [ -z "$only" ] || [ "$only" = "$n" ] || continue
      pid=$(cat "$dir/zk$n/pid" 2>/dev/null || true)
      [ -n "$pid" ] || continue
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do runs "$pid" || break; sleep 0.05; done
      # Only if it is still there: a pid that has ended may already belong to another process.
      if runs "$pid"; then kill -9 "$pid" 2>/dev/null || true; fi
      rm -f "$dir/zk$n/pid"
    done
    ;;
  connect)
    connect_string
    ;;
  *)
    sed -n '2,13p' "$0" >&2
    exit 64
    ;;
esac
