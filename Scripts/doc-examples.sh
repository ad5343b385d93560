#!/usr/bin/env bash
# A measurement, not a test: how many examples of DolphinDB's function reference Porpoise answers
# as the reference prints them.
#
#   Scripts/doc-examples.sh DOCS_DIR [--only REGEX] [--show KIND] [--results FILE] [--jobs N]
#                           [--sections funcs,progr]
#
# DOCS_DIR is a checkout of DolphinDB's documentation (its `funcs/<letter>/<name>.md` pages;
# nothing is downloaded). Each page's code blocks run in order in one shell on a fresh embedded
# node, each block read with `.read` (a failing block does not stop the next). Every statement
# followed by a one-line `// output` is compared with what Porpoise prints: numbers to 3 decimals
# or to the last digit the reference prints, true/false as 1/0, a null as empty. Prints the count
# of each outcome (OK, DIFF, ERROR: the statement failed, MISSING: an earlier statement of its
# block failed, NOOUT: it printed nothing) and, with --show KIND, each such case
# (page | statement | documented | printed).
# The examples write files where the reference's authors kept theirs (`/home/DolphinDB/...`):
# they run through Scripts/isolate.sh (loopback only; only /tmp and a scratch /home writable).
set -euo pipefail
self="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { sed -n 2,16p "$self"; exit 64; }
[ -d "$1/funcs" ] || { echo "doc-examples.sh: '$1' has no funcs/ folder (a checkout of DolphinDB's documentation)" >&2; exit 66; }
binary=${PORPOISE_BIN:-.build/release/porpoise}
[ -x "$binary" ] || Scripts/build-release.sh >&2
[ -n "${PORPOISE_ISOLATED:-}" ] || exec Scripts/isolate.sh "$self" "$@"
docs=$(cd "$1" && pwd)
shift
binary=$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")
exec python3 - "$binary" "$docs" "$@" <<'PYTHON'
import argparse, collections, concurrent.futures, json, os, re, shutil, subprocess, tempfile

parser = argparse.ArgumentParser()
parser.add_argument("binary")
parser.add_argument("docs")
parser.add_argument("--only", help="a regular expression over page paths (funcs/m/mavg.md)")
parser.add_argument("--show", help="list the cases of this outcome (DIFF, ERROR, MISSING, NOOUT, OK)")
parser.add_argument("--results", help="write every case as a JSON line to this file")
parser.add_argument("--jobs", type=int, default=2)
parser.add_argument("--sections", default="funcs", help="the folders of pages, comma-separated (progr: the language manual)")
parser.add_argument("--timeout", type=float, default=30)
options = parser.parse_args()

pages = []
for root, _, names in (w for section in options.sections.split(",") for w in os.walk(os.path.join(options.docs, section))):
    for name in names:
        path = os.path.relpath(os.path.join(root, name), options.docs)
        if name.endswith(".md") and (not options.only or re.search(options.only, path)):
            pages.append(path)
pages.sort()

MARK = re.compile(r"^\s*//\s*(output|输出)\s*:?\s*$", re.I)
NUMBER = re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")
CANONICAL = {"true": "1", "false": "0", "NULL": "", "00i": "", "00F": "", "00l": "", "00h": "", "00f": ""}


def code_blocks(text):
    blocks, current, inside = [], [], False
    for line in text.splitlines():
        if line.strip().startswith("```"):
            if inside:
                blocks.append(current)
                current = []
            inside = not inside
        elif inside:
            current.append(line.replace("\u00a0", " "))
    return blocks


def marked(block, first):
    """The block with a print of a marker before and after each statement whose one-line
    output the reference gives, and those (statement, expected) pairs."""
    script, cases = [], []
    i = 0
    while i < len(block):
        if not MARK.match(block[i]):
            script.append(block[i])
            i += 1
            continue
        j = i + 1
        expected = []
        # The output runs to a blank line; a line followed by another mark is the next statement.
        while j < len(block) and block[j].strip() and not (j + 1 < len(block) and MARK.match(block[j + 1])):
            expected.append(block[j])
            j += 1
        k = len(script) - 1
        while k >= 0 and (not script[k].strip() or script[k].strip().startswith("//")):
            k -= 1
        # One statement on one line, not an assignment (it prints nothing), one line of output.
        if k >= 0 and len(expected) == 1 and not script[k].startswith((" ", "\t", "}")) \
                and "=" not in re.sub(r"[=!<>]=", "", script[k].split("//")[0]):
            n = first + len(cases)
            cases.append((script[k].strip(), expected[0].strip()))
            script[k] = 'print("@@B%d")\n%s\nprint("@@E%d")' % (n, script[k], n)
        i = j
    return script, cases


def tokens(text):
    text = re.sub(r"[\[\]()]", "", text.strip().rstrip(";"))
    return [CANONICAL.get(t.strip(), t.strip()) for t in text.split(",")]


def agrees(printed, expected):
    a, b = tokens(printed), tokens(expected)
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        if x == y or x.strip("\"'") == y.strip("\"'"):
            continue
        if NUMBER.match(x) and NUMBER.match(y):
            # The reference often prints fewer digits (5.67 for 5.666667): within its last one.
            digits = len(y.split(".")[1].split("e")[0].split("E")[0]) if "." in y else 0
            allowed = max(1e-3 * max(1, abs(float(x)), abs(float(y))), 1.01 * 10 ** -digits if digits else 0)
            if abs(float(x) - float(y)) <= allowed:
                continue
        return False
    return True


def run_page(page):
    with open(os.path.join(options.docs, page), encoding="utf-8", errors="replace") as f:
        text = f.read()
    home = tempfile.mkdtemp(prefix="porpoise-docs-")
    try:
        commands = 'login("admin","123456")\n'
        cases = []
        for n, block in enumerate(code_blocks(text)):
            script, found = marked(block, len(cases))
            cases.extend(found)
            path = os.path.join(home, "block%03d.dos" % n)
            with open(path, "w") as f:
                f.write("\n".join(script) + "\n")
            commands += ".read %s\n" % path
        if not cases:
            return []
        try:
            done = subprocess.run([options.binary, "--keep-going"], input=commands, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True, errors="replace", cwd=home,
                                  env=dict(os.environ, PORPOISE_HOME=os.path.join(home, "node"), NO_COLOR="1"),
                                  timeout=options.timeout)
            out, code = done.stdout, done.returncode
        except subprocess.TimeoutExpired:
            out, code = "", None
    finally:
        shutil.rmtree(home, ignore_errors=True)
    results = []
    if code is not None and (code < 0 or code >= 128):
        results.append((page, "CRASH", "", "", "exit %d" % code))
    for n, (statement, expected) in enumerate(cases):
        match = re.search(r"@@B%d\n(.*?)(@@E%d\n|@@B|$)" % (n, n), out, re.S)
        if not match:
            results.append((page, "MISSING", statement, expected, ""))
            continue
        printed = "\n".join(l for l in match.group(1).strip().splitlines() if "default password" not in l)
        if "error:" in printed:
            results.append((page, "ERROR", statement, expected, re.search(r"error: (.*)", printed).group(1)))
        elif not printed:
            results.append((page, "NOOUT", statement, expected, ""))
        else:
            results.append((page, "OK" if agrees(printed, expected) else "DIFF", statement, expected, printed))
    return results


results = []
with concurrent.futures.ThreadPoolExecutor(options.jobs) as pool:
    for found in pool.map(run_page, pages):
        results.extend(found)
if options.results:
    with open(options.results, "w") as f:
        for r in results:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
counts = collections.Counter(r[1] for r in results)
total = len(results)
print("%d examples with a one-line output on %d pages" % (total, len(pages)))
for kind in ("OK", "DIFF", "ERROR", "MISSING", "NOOUT", "CRASH"):
    print("  %-8s %5d  %5.1f%%" % (kind, counts[kind], 100.0 * counts[kind] / max(total, 1)))
if options.show:
    for page, kind, statement, expected, printed in results:
        if kind == options.show:
            print("%s | %s | %s | %s" % (page, statement[:80], expected[:100], printed.replace("\n", "\\n")[:150]))
PYTHON
