#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
#
# The head of build/report/conformance.md: the readers of a `ringcheck run
# --json` report grouped by language, each with its cases passed, failed,
# skipped and not run and the findings its failures are classified by.
#
#   languages.py REPORT.json... READERS-FILE EXPECT-FILE... >out.md
#
# Several reports (their names end in .json) are read as one: make
# conformance runs the readers it runs at --quick bounds (aya) apart, and
# each reader's row says the bounds of its run.
# READERS-FILE (findings/readers) gives each language the reader names
# that are its (shell patterns, as ringcheck prints the names), and a
# note for a language with no plugin. A failure is classified by the
# expectations files (docs/expectations.md): the `cause` lines for its
# reader name the findings in their reason ("finding 02", "findings 01,
# 03"). A root cause no line names is printed as unclassified with its
# count, so a new kind of failure shows in the report instead of hiding
# behind a reader's known findings; a kernel test's failure is classified
# by a `case kernel:PROGRAM:TEST` line. Standard library only: make
# conformance runs it with the system's python3.
import fnmatch
import json
import re
import sys

FINDINGS = re.compile(r"\bfindings?\s+(\d+(?:\s*(?:,|and)\s*\d+)*)")


def read_readers(path):
    """[(language, [patterns], note)] in the file's order."""
    langs, notes = [], {}
    with open(path) as f:
        for line in f:
            words = line.split()
            if not words or words[0].startswith("#"):
                continue
            if words[0] == "note":
                notes[words[1]] = " ".join(words[2:])
            else:
                langs.append((words[0], words[1:]))
    return [(lang, pats, notes.get(lang)) for lang, pats in langs]


def read_causes(paths):
    """[(reader pattern, kind, name, [finding numbers])] of every file:
    kind "cause" (a root cause) or "case" (a case id or pattern)."""
    entries = []
    for path in paths:
        reader = "*"
        with open(path) as f:
            for line in f:
                words = line.split()
                if not words or words[0].startswith("#"):
                    continue
                if words[0] == "reader" and len(words) > 1:
                    reader = words[1]
                elif words[0] in ("cause", "case") and len(words) > 1:
                    m = FINDINGS.search(line)
                    nums = re.findall(r"\d+", m.group(1)) if m else []
                    entries.append((reader, words[0], words[1],
                                    ["%02d" % int(n) for n in nums]))
    return entries


def classify(r, entries):
    """The findings of a reader's failures, and what no finding names:
    the simulated cases by root cause (the report's root_causes), the
    kernel tests one by one (they have no root cause: `case
    kernel:PROGRAM:TEST` lines name them)."""
    mine = [(kind, name, ns) for pat, kind, name, ns in entries
            if fnmatch.fnmatchcase(r["name"], pat)]
    failed = [(rc["check"], rc["count"], "cause")
              for rc in r.get("root_causes", [])]
    failed += [("kernel:" + t["name"], 1, "case")
               for t in r.get("kernel", {}).get("tests", [])
               if t.get("status") == "failed"]
    found, unclassified = set(), []
    for what, count, kind in failed:
        nums = [n for k, name, ns in mine if k == kind and
                (name == what if kind == "cause" else
                 fnmatch.fnmatchcase(what, name)) for n in ns]
        if nums:
            found.update(nums)
        else:
            unclassified.append((what, count))
    return sorted(found), unclassified


def language(name, langs):
    for lang, pats, _ in langs:
        if any(fnmatch.fnmatchcase(name, p) for p in pats):
            return lang
    return "other"


def md(s):
    """One table cell: the characters markdown would take as syntax."""
    return re.sub(r"([|\\`*_\[\]<>#])", r"\\\1", s)


def main(argv):
    nrep = 1
    while nrep < len(argv) and argv[nrep].endswith(".json"):
        nrep += 1
    if nrep == 1 or nrep == len(argv):
        sys.stderr.write("usage: languages.py REPORT.json... READERS-FILE "
                         "EXPECT-FILE...\n")
        return 2
    reports = []
    for path in argv[1:nrep]:
        with open(path) as f:
            reports.append(json.load(f))
    langs = read_readers(argv[nrep])
    entries = read_causes(argv[nrep + 1:])
    keys = ("passed", "failed", "skipped", "not_run")
    rows = {}	# language: [(name, totals, findings, unclassified)]
    for report in reports:
        bounds = report.get("ringcheck", {}).get("bounds", "?")
        for r in report["readers"]:
            found, uncl = classify(r, entries)
            rows.setdefault(language(r["name"], langs), []).append(
                (r["name"], r["totals"], found, uncl, bounds))
    order = [lang for lang, _, _ in langs]
    order += sorted(set(rows) - set(order))
    notes = {lang: note for lang, _, note in langs}

    out = sys.stdout
    out.write("# ringcheck conformance by language\n\n")
    for report in reports:
        run = report.get("ringcheck", {})
        out.write("ringcheck %s, %s bounds, kernel %s: %s.\n" %
                  (run.get("version", "?"), run.get("bounds", "?"),
                   run.get("kernel", "?"),
                   ", ".join(md(r["name"]) for r in report["readers"])))
    out.write("\nFindings: findings/NN-\\*.md (build/report/findings.md)."
              "\n\n")
    # one column per language: its readers' cases added up
    out.write("| |" + "".join(" %s |" % md(l) for l in order) + "\n")
    out.write("|---|" + "---|" * len(order) + "\n")
    out.write("| readers |" + "".join(
        " %s |" % (", ".join(md(n) for n, _, _, _, _ in rows[l]) if l in rows
                   else "none run") for l in order) + "\n")
    for k in keys:
        out.write("| %s |" % k.replace("_", " ") + "".join(
            " %s |" % (sum(t[k] for _, t, _, _, _ in rows[l]) if l in rows
                       else "-") for l in order) + "\n")
    out.write("| findings |" + "".join(
        " %s |" % (", ".join(sorted({n for _, _, f, _, _ in rows.get(l, [])
                                     for n in f})) or "-")
        for l in order) + "\n")
    out.write("| failed, no finding |" + "".join(
        " %s |" % (sum(n for _, _, _, u, _ in rows[l] for _, n in u)
                   if l in rows else "-") for l in order) + "\n")
    out.write("\n| language | reader | bounds | passed | failed | skipped "
              "| not run | findings | unclassified failures |\n")
    out.write("|---|---|---|---|---|---|---|---|---|\n")
    for lang in order:
        if lang not in rows:
            out.write("| %s | %s | | | | | | | |\n" %
                      (md(lang), md(notes.get(lang) or "no reader in this run")))
            continue
        for name, t, found, uncl, bounds in rows[lang]:
            out.write("| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n" % (
                md(lang), md(name), bounds, t["passed"], t["failed"],
                t["skipped"],
                t["not_run"], ", ".join(found) or "-",
                md(", ".join("%s (%d)" % u for u in uncl)) or "-"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
