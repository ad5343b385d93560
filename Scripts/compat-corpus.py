#!/usr/bin/env python3
"""Extract a compatibility corpus of DolphinDB script blocks from DolphinDB's public tutorials.

Usage: Scripts/compat-corpus.py TUTORIALS_DIR [MODULES_DIR] OUT_DIR

TUTORIALS_DIR is a checkout of dolphindb/Tutorials_CN, MODULES_DIR one of
dolphindb/DolphinDBModules (both Apache-2.0; this script downloads nothing). Every fenced block
without a language tag (or tagged dos/dolphindb) that reads as a DolphinDB script, rather than
console output, a shell session, a config file or another language, is written to
OUT_DIR/<category>/<tutorial>/NNN.dos in document order. The corpus stays out of git:
Scripts/compat.sh measures it.
"""
import os
import re
import sys

CATEGORIES = [
    ("permissions", r"acl|permission|user_level|security"),
    ("jobs", r"job|schedul|celery|airflow"),
    ("streaming", r"stream|engine|replay|reactive|timer|iopv|anomaly|capital_flow|hf_factor|matching"),
    ("integration", r"api|plugin|odbc|kafka|python|_to_|migrate|grafana|redash|finereport|node_red"
                    r"|vscode|xtp|insight|amd|nsq|c\+\+|pickle|dolphinscheduler|web_chart"
                    r"|send_messages|client_tool|pip_in|kdb|connector|py\b|_py"),
    ("sql", r"sql|explain|topn|window|ohlc|join|pivot|panel_data|general_computing|func|hybrid"
            r"|meta|macro|matrix|date_time|timezone|udaf|in_memory_table|cachedtable|decimal"
            r"|array_vector|k\.md"),
    ("database", r"database|partition|tsdb|storage|import|csv|add_column|backup|restore|data_move"
                 r"|repair|redolog|loaddata|etl|seismic|high_freq|memory|oom|update|cluster|deploy"
                 r"|standalone|single_node|startup|compute_node|ha_|scale|service|gray|thread"
                 r"|crash|replication|synchronization|monitor|support|user_guide"),
]

SHELL_START = re.compile(
    r"^\s*(\$ |# |\./|cd |sh |bash |sudo |docker|wget |curl |yum |apt|tar |mkdir |vim? |cp |mv |rm "
    r"|ls |cat |chmod |export |pip |python|nohup |kill |ps |top|free |df |java |mvn |git |ulimit "
    r"|systemctl |service |echo |source |unzip |scp |ssh |touch |ln |make |cmake |g\+\+ |gcc )")
SHELL_FLAGS = re.compile(r"^\s*[a-z][\w.-]*( +[\w./:=-]+)* +--?[a-zA-Z][\w-]*( |=|$)")
OTHER_LANGUAGE = re.compile(
    r"^\s*(import |from \w+ import|#include|public class|package |using namespace|print\(f\"|"
    r"s\.run\(|conn\.run\(|session\.run|System\.out|<\?xml|<[a-zA-Z]+[ >]|CREATE TABLE|INSERT INTO"
    r"|(public|private|protected) )"
    r"|\bdef \w+\(.*\):\s*$", re.M)
CONFIG_LINE = re.compile(r"^\s*[A-Za-z_][\w.\-]*\s*=\s*\S[^()]*$")
# C++, Java or Python code from the API tutorials: typed declarations and API objects.
FOREIGN_CODE = re.compile(
    r"^\s*((const\s+)?(int|long|double|float|bool|string|auto|void|char|size_t)\s+\w+\s*(=|;|\[|\()"
    r"|[A-Za-z_]\w*<[\w:, <>*]+>\s+\w+|std::|ConstantSP|VectorSP|TableSP|DBConnection\b|Basic\w+Vector"
    r"|\w+\s*=\s*ddb\.|\w+\.connect\(\s*\"[^\"]*\"\s*,\s*\d+)", re.M)
# What a console printed, pasted into the block: DolphinDB could not run these lines either.
PRINTED = re.compile(r"^\s*(>> |=> |Time elapsed: |#\s*output\b|#-{3,}|#0 +#1\b)|^>\s*[A-Za-z_]", re.M | re.I)
# One `key=value` line of a node's config (a dotted key, or a path or address as the value).
CONFIG_SINGLE = re.compile(r"^\s*[A-Za-z_][\w\-]*(\.[\w\-]+)+\s*=|^\s*[A-Za-z_][\w.\-]*\s*=\s*"
                           r"(/\S*|\d+\.\d+\.\d+\.\d+\S*)\s*$")
OUTPUT_RULE = re.compile(r"^\s*-{2,}[\s-]*$")
# A console's table whose first column is one character wide: `x C1 C2` over `- -- --`.
OUTPUT_RULE_NARROW = re.compile(r"^\s*-+(\s+-+)+\s*$")
# An INI or systemd section header on the first line: `[Unit]`, `[ODBC Data Sources]`.
INI_SECTION = re.compile(r"^\s*\[[\w .:/-]+\]\s*(;.*|//.*|#.*)?$")
# A session of another tool pasted with its prompts: `mysql> `, `user@host:~$ `, `[user@host dir]$ `.
PROMPT = re.compile(r"^\s*(mysql|psql|SQL|clickhouse[\w-]*|postgres\S*|sqlite\d?)>\s"
                    r"|^\s*\S+@[\w.-]+:\S*[$#]\s|^\s*\[\S+@\S+[^\]]*\][$#]\s", re.M)
# A cluster.cfg line for several nodes at once: `P1-%.publicName=...`, `%-datanode.volumes=...`.
WILDCARD_CONFIG = re.compile(r"^\s*[\w.-]*%[\w.%-]*\s*=", re.M)
# A debugger's or a crash's output: addresses, threads, frames.
DEBUGGER = re.compile(r"^\s*(0x[0-9a-fA-F]{6,}\b|Thread \d+ \"|#\d+\s+0x[0-9a-f]+)", re.M)
# The reference's notation for what a call gives: `sqlCol("col") --> <col>`.
ARROW_NOTATION = re.compile(r"-->\s*[<\[]")
# The tutorials' notation for the error a line gives: `grant(...) => The database [...] does not exist`.
RESULT_NOTATION = re.compile(r"([\w)\]]\s*=>\s*\S)|(^\s*=>)", re.M)
# Go, C++ and Java from the API and plugin tutorials.
OTHER_CODE = re.compile(r"^\s*(type \w+ (interface|struct) \{|(MultithreadedTableWriter|DBConnectionPool"
                        r"|AutoFitTableAppender|BasicTable|PartitionedTableAppender)\b|String\[\]\s)", re.M)
# An optional parameter with its default in brackets: the reference's notation, not a script.
SIGNATURE = re.compile(r"\w\(.*,\s*\[\s*\w+\s*=[^\]=]*\]")


def category(name):
    lower = name.lower()
    for label, pattern in CATEGORIES:
        if re.search(pattern, lower):
            return label
    return "analytics"


def looks_like_script(text):
    # Output quoted in a comment (`/* t\n id x\n -- -\n */`) is part of a runnable script.
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return False
    if any(SHELL_START.match(line) or SHELL_FLAGS.match(line) for line in lines[:3]):
        return False
    if OTHER_LANGUAGE.search(text):
        return False
    if FOREIGN_CODE.search(text) or PRINTED.search(text):
        return False
    if any(OUTPUT_RULE.match(line) or OUTPUT_RULE_NARROW.match(line) for line in lines):
        return False  # a table printed by the console
    if INI_SECTION.match(lines[0]) or lines[0].lstrip().startswith("#!"):
        return False  # an INI file, a systemd unit or a shell script
    if (PROMPT.search(text) or DEBUGGER.search(text) or ARROW_NOTATION.search(text)
            or RESULT_NOTATION.search(text) or OTHER_CODE.search(text)):
        return False  # another tool's session, a crash, the reference's notation, other code
    if WILDCARD_CONFIG.search(text):
        return False  # cluster.cfg lines for several nodes
    if sum(1 for line in lines if line.strip().startswith("|") and line.strip().endswith("|")) * 2 >= len(lines):
        return False  # a Markdown table
    if len(lines) >= 2 and all(CONFIG_LINE.match(line) or line.lstrip().startswith("#")
                               for line in lines):
        return False  # a config file (key=value lines; a script would call something)
    if all(CONFIG_SINGLE.match(line) or line.lstrip().startswith("#") for line in lines):
        return False  # config lines with dotted keys, paths or addresses
    if lines[0].lstrip().startswith(("{", "[", "<", "|", ">", "+")) and '"' in lines[0]:
        return False  # JSON, a table rendered in text, or a prompt
    if lines[0].strip() in ("{", "[") and len(lines) > 1 and lines[1].lstrip().startswith('"'):
        return False  # JSON (a query plan, a config) opened on a line of its own
    if SIGNATURE.search(text):
        return False  # a function's signature from the reference: `f(x, [key=default])`
    code = re.compile(r"\b(select|exec|update|delete|def|login|share|print|use|create|alter|drop)\b"
                      r"|\w\s*\(|=")
    return bool(code.search(text))


def blocks(markdown):
    fence = None
    body = []
    for line in markdown.splitlines():
        stripped = line.strip()
        if fence is None:
            match = re.match(r"^(`{3,}|~{3,})\s*([\w+.-]*)", stripped)
            if match:
                fence, tag = match.group(1), match.group(2).lower()
                body = []
        elif stripped.startswith(fence) and stripped.strip("`~") == "":
            if tag in ("", "dos", "dolphindb", "txt", "sql"):
                yield "\n".join(body)
            fence = None
        else:
            body.append(line)


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    sources = sys.argv[1:-1]
    out = sys.argv[-1]
    total = 0
    for root_index, root in enumerate(sources):
        for folder, _, files in sorted(os.walk(root)):
            if "/.git" in folder:
                continue
            for name in sorted(files):
                if not name.endswith(".md") or name.endswith("_EN.md") or name.startswith("README"):
                    if not (root_index == 1 and name == "README.md"):
                        continue
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8", errors="replace") as handle:
                    text = handle.read()
                stem = os.path.relpath(path, root)[:-3].replace("/", "_")
                label = "modules" if root_index == 1 else category(stem)
                kept = [b for b in blocks(text) if looks_like_script(b)]
                if not kept:
                    continue
                target = os.path.join(out, label, stem)
                os.makedirs(target, exist_ok=True)
                for index, block in enumerate(kept, 1):
                    with open(os.path.join(target, "%03d.dos" % index), "w", encoding="utf-8") as f:
                        f.write(block + "\n")
                total += len(kept)
    print("%d blocks in %s" % (total, out))


if __name__ == "__main__":
    main()
