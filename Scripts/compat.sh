#!/usr/bin/env bash
# A measurement, not a test: how much of a corpus of DolphinDB script blocks Porpoise runs.
#
#   Scripts/compat.sh CORPUS_DIR [--jobs N] [--timeout S] [--only CATEGORY] [--show CAUSE]
#                    [--in-order-only]   (per tutorial, in order only)  [--results FILE]
#                    [--modules DIR]     (DIR's *.dos installed as modules in every node's home,
#                                         as a user installs DolphinDB's ta or mytt)
#
# CORPUS_DIR holds CATEGORY/TUTORIAL/NNN.dos (Scripts/compat-corpus.py extracts one from a checkout
# of DolphinDB's public tutorials; nothing is downloaded). Each block runs twice:
#  - alone, in a fresh embedded node, after login("admin","123456");
#  - in order: every block of a tutorial in one shell, piped with `.read BLOCK` lines to
#    `porpoise --keep-going` (as a user pastes blocks: no SCRIPT_EXEC needed), so a failing block
#    does not stop the next.
# Prints pass rates per category for both, then the most frequent failure causes (the first error
# of each failing block, with names and numbers kept, paths and literals dropped). A crash (a signal)
# is listed by block. Blocks time out after --timeout seconds (default 10) and count as failures;
# in order, the session then starts again with the blocks that passed and goes on after the slow
# one (a tutorial gets 30 times --timeout in all; blocks it did not reach fail).
set -euo pipefail
self="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { sed -n 2,14p "$self"; exit 64; }
binary=${PORPOISE_BIN:-.build/release/porpoise}
[ -x "$binary" ] || Scripts/build-release.sh >&2
# The corpus is other people's code: it connects to their hosts (`xdb("192.168.1.135", ...)`,
# subscriptions to remote nodes) and writes to their folders. It runs through Scripts/isolate.sh:
# only loopback exists and only /tmp and a scratch /home can be written; without it, it does not run.
[ -n "${PORPOISE_ISOLATED:-}" ] || exec Scripts/isolate.sh "$self" "$@"
corpus=$(cd "$1" && pwd)
shift
binary=$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")
exec python3 - "$binary" "$corpus" "$@" <<'PYTHON'
import argparse, collections, concurrent.futures, os, re, select, shutil, subprocess, sys, tempfile, time

parser = argparse.ArgumentParser()
parser.add_argument("binary")
parser.add_argument("corpus")
parser.add_argument("--jobs", type=int, default=2)
parser.add_argument("--timeout", type=float, default=10)
parser.add_argument("--only")
parser.add_argument("--show", help="list the blocks failing with causes containing this text")
parser.add_argument("--top", type=int, default=30)
parser.add_argument("--results", help="write each block's outcome alone (path, status, cause) to this file")
parser.add_argument("--in-order-only", action="store_true", help="skip the blocks alone; list each tutorial")
parser.add_argument("--modules", help="a folder of module files (*.dos) to install in each node's home")
options = parser.parse_args()


def install_modules(home):
    """Copies the --modules files into the node's module folder, as a user installs them."""
    if not options.modules:
        return
    target = os.path.join(home, "data", "modules")
    os.makedirs(target, exist_ok=True)
    for name in os.listdir(options.modules):
        if name.endswith(".dos"):
            shutil.copy(os.path.join(options.modules, name), target)

work = tempfile.mkdtemp(prefix="porpoise-compat-")
tutorials = []  # (category, tutorial, [block paths])
for category in sorted(os.listdir(options.corpus)):
    if options.only and category != options.only:
        continue
    for tutorial in sorted(os.listdir(os.path.join(options.corpus, category))):
        folder = os.path.join(options.corpus, category, tutorial)
        paths = sorted(os.path.join(folder, n) for n in os.listdir(folder) if n.endswith(".dos"))
        if paths:
            tutorials.append((category, tutorial, paths))

LOGIN = 'login("admin","123456")\n'


def cause_of(text):
    """The first error of a run, normalised so that the same failure counts once."""
    for line in text.splitlines():
        match = re.search(r"error: (.*)", line)
        if match:
            message = match.group(1)
            message = re.sub(r"(/[\w.\-]+)+/?", "PATH", message)
            message = re.sub(r'"[^"]*"', '"…"', message)
            message = re.sub(r"\b\d+(\.\d+)?\b", "N", message)
            return message[:110]
    return "no error message"


def run(script, home, timeout):
    try:
        done = subprocess.run([options.binary, "run", "-q", script], cwd=home, env=dict(
            os.environ, PORPOISE_HOME=os.path.join(home, "data"), NO_COLOR="1"),
            stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
        return done.returncode, done.stdout.decode(errors="replace"), done.stderr.decode(errors="replace")
    except subprocess.TimeoutExpired as expired:
        out = (expired.stdout or b"").decode(errors="replace")
        return None, out, ""


def alone(path):
    home = tempfile.mkdtemp(dir=work)
    install_modules(home)
    script = os.path.join(home, "block.dos")
    with open(path, encoding="utf-8", errors="replace") as source, open(script, "w") as target:
        target.write(LOGIN + source.read())
    code, _, err = run(script, home, options.timeout)
    shutil.rmtree(home, ignore_errors=True)
    if code == 0:
        return path, "pass", None
    if code is None:
        return path, "fail", "timeout"
    if code < 0 or code >= 128:
        return path, "crash", "crash: exit %d: %s" % (code, cause_of(err))
    return path, "fail", cause_of(err)


def in_order(entry):
    """Runs a tutorial's blocks in one shell, as a user pasting them would: piped to
    `porpoise --keep-going`, each block read with `.read` (which, like pasting, needs no
    SCRIPT_EXEC), so a failing block does not stop the next. A block that runs longer than
    --timeout is stopped and counted failed, and the shell starts again with the blocks that
    passed so far, then goes on after it (so one slow block does not fail every block after it)."""
    category, tutorial, paths = entry
    status = {}
    causes = {}
    crashed = False
    start = 0
    budget = time.monotonic() + options.timeout * 30
    index_of = {p: i for i, p in enumerate(paths)}
    while start < len(paths) and time.monotonic() < budget:
        replay = sorted(i for i, ok in status.items() if ok)
        home = tempfile.mkdtemp(dir=work)
        install_modules(home)
        # The blocks are read from copies in the scratch home: a path a block names relative to
        # itself (saveText("./t.csv")) then lands there, never in the corpus.
        os.makedirs(os.path.join(home, "blocks"))
        local = []
        for p in paths:
            local.append(os.path.join(home, "blocks", os.path.basename(p)))
            shutil.copyfile(p, local[-1])
        lines = [LOGIN.strip()]
        lines += [".read " + local[i] for i in replay]
        lines.append('print("@@replayed")')
        for i in range(start, len(paths)):
            lines += ['print("@@begin %d")' % i, ".read " + local[i]]
        lines.append('print("@@end")')
        process = subprocess.Popen(
            [options.binary, "--keep-going", "-q"], cwd=home,
            env=dict(os.environ, PORPOISE_HOME=os.path.join(home, "data"), NO_COLOR="1"),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            process.stdin.write(("\n".join(lines) + "\n").encode())
            process.stdin.close()
        except BrokenPipeError:
            pass
        current = None
        replayed = False
        finished = False
        deadline = time.monotonic() + options.timeout * (1 + len(replay))
        pending = b""
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                process.kill()
                break
            ready, _, _ = select.select([process.stdout], [], [], left)
            if not ready:
                continue
            chunk = os.read(process.stdout.fileno(), 65536)
            if not chunk:
                break
            pending += chunk
            *lines_out, pending = pending.split(b"\n")
            for line in lines_out:
                text = line.decode(errors="replace")
                begin = re.match(r"^@@begin (\d+)$", text)
                if begin or text in ("@@end", "@@replayed"):
                    if current is not None:
                        status.setdefault(current, True)
                    current = int(begin.group(1)) if begin else None
                    replayed = replayed or text == "@@replayed"
                    deadline = time.monotonic() + options.timeout
                    finished = text == "@@end"
                    continue
                error = re.match(r"^(.*?):\d+:\d+: error: (.*)$", text) or re.match(r"^()error: (.*)$", text)
                if error and replayed:
                    # The block the error names, if it is one not yet run; else the running one.
                    failed = index_of.get(error.group(1))
                    if failed is None or failed < start or (current is not None and failed < current):
                        failed = current
                    if failed is not None and failed not in causes:
                        status[failed] = False
                        causes[failed] = cause_of("error: " + error.group(2))
        code = process.wait()
        shutil.rmtree(home, ignore_errors=True)
        if finished:
            break
        if current is None:
            break  # the replay itself did not finish: leave the rest unrun
        status[current] = False
        causes[current] = "timeout"
        crashed = crashed or (code is not None and code < 0 and code != -9) or code >= 128
        start = current + 1
    results = [(category, path, status.get(index, False), causes.get(index, "not reached"))
               for index, path in enumerate(paths)]
    return results, crashed


with concurrent.futures.ThreadPoolExecutor(options.jobs) as pool:
    singles = [] if options.in_order_only else list(pool.map(alone, [p for _, _, paths in tutorials for p in paths]))
    ordered = list(pool.map(in_order, tutorials))
shutil.rmtree(work, ignore_errors=True)

category_of = {p: c for c, _, paths in tutorials for p in paths}
if options.in_order_only:
    for (results, crashed), (category, tutorial, _) in zip(ordered, tutorials):
        print("%-12s %-60s %4d of %4d%s" % (category, tutorial, sum(r[2] for r in results), len(results),
                                           "  crashed" if crashed else ""))
    causes = collections.Counter(cause for results, _ in ordered for _, _, passed, cause in results if not passed)
    print("\nmost frequent failure causes in order:")
    for cause, count in causes.most_common(options.top):
        print("%5d  %s" % (count, cause))
    for results, _ in ordered:
        for _, path, passed, cause in results:
            if not passed and options.show and options.show in cause:
                print("%s  %s" % (os.path.relpath(path, options.corpus), cause))
    sys.exit(0)
table = collections.defaultdict(lambda: [0, 0, 0, 0])  # blocks, alone, in order, crashes
for path, status, _ in singles:
    row = table[category_of[path]]
    row[0] += 1
    row[1] += status == "pass"
    row[3] += status == "crash"
for results, _ in ordered:
    for category, _, passed, _ in results:
        table[category][2] += passed

print("%-12s %7s %14s %14s %8s" % ("category", "blocks", "alone", "in order", "crashes"))
total = [0, 0, 0, 0]
for category in sorted(table):
    row = table[category]
    total = [a + b for a, b in zip(total, row)]
    print("%-12s %7d %6d %6.1f%% %6d %6.1f%% %8d" % (category, row[0], row[1], 100.0 * row[1] / row[0],
                                                     row[2], 100.0 * row[2] / row[0], row[3]))
print("%-12s %7d %6d %6.1f%% %6d %6.1f%% %8d" % ("all", total[0], total[1], 100.0 * total[1] / max(1, total[0]),
                                                 total[2], 100.0 * total[2] / max(1, total[0]), total[3]))
crashed_tutorials = [t for (results, crashed), (_, t, _) in zip(ordered, tutorials) if crashed]
if crashed_tutorials:
    print("\ncrashed in order: " + ", ".join(crashed_tutorials))

causes = collections.Counter(cause for _, status, cause in singles if status != "pass")
print("\nmost frequent failure causes (blocks run alone):")
for cause, count in causes.most_common(options.top):
    print("%5d  %s" % (count, cause))
ordered_causes = collections.Counter(
    cause for results, _ in ordered for category, _, passed, cause in results
    if not passed and category in ("database", "sql", "permissions", "jobs"))
print("\nmost frequent failure causes in order (database, sql, permissions, jobs):")
for cause, count in ordered_causes.most_common(options.top):
    print("%5d  %s" % (count, cause))
if options.results:
    with open(options.results, "w") as out:
        for path, status, cause in singles:
            out.write("alone\t%s\t%s\t%s\n" % (os.path.relpath(path, options.corpus), status, cause or ""))
        for results, _ in ordered:
            for _, path, passed, cause in results:
                out.write("in-order\t%s\t%s\t%s\n" % (os.path.relpath(path, options.corpus),
                                                        "pass" if passed else "fail", "" if passed else cause))
for path, status, cause in singles:
    if status == "crash" or (options.show and cause and options.show in cause):
        print("%s  %s" % (os.path.relpath(path, options.corpus), cause))
PYTHON
