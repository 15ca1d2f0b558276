#!/usr/bin/env python3
"""Writes the options tables of docs/cli.md from parley's options registry (`parley help options --format json`):
one table per command between the markers `<!-- options: COMMAND -->` and `<!-- /options -->`.

  scripts/options_doc.py --parley build/parley docs/cli.md          rewrite the tables
  scripts/options_doc.py --parley build/parley --check docs/cli.md  exit 1 when they differ from the registry
"""
import argparse
import json
import re
import subprocess
import sys


def fmt(x):
    return ("%d" % x) if float(x).is_integer() else ("%g" % x)


def table(options, task):
    rows = ["| option | type | default | valid values | what it does |", "|---|---|---|---|---|"]
    for o in options:
        if task not in o["tasks"]:
            continue
        name = "`--%s`" % o["name"] + (" (`-%s`)" % o["short"] if o["short"] else "")
        if o["value_name"]:
            name = "`--%s %s`" % (o["name"], o["value_name"]) + (" (`-%s`)" % o["short"] if o["short"] else "")
        valid = ""
        if o["choices"]:
            valid = ", ".join("`%s`" % c for c in o["choices"])
        elif o["min"] is not None:
            valid = "%s to %s" % (fmt(o["min"]), fmt(o["max"]))
        if o["unit"] and valid:
            valid += " " + o["unit"]
        default = "`%s`" % o["default"] if o["default"] is not None else ""
        rows.append("| %s | %s | %s | %s | %s |" % (name, o["type"], default, valid,
                                                   o["help"].replace("|", "\\|")))
    return "\n".join(rows)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--parley", required=True)
    ap.add_argument("--check", action="store_true")
    ap.add_argument("doc")
    args = ap.parse_args()
    registry = json.loads(subprocess.run([args.parley, "help", "options", "--format", "json"], check=True,
                                         capture_output=True, text=True).stdout)["options"]
    text = open(args.doc).read()
    marker = re.compile(r"(<!-- options: ([\w-]+) -->\n)(.*?)(<!-- /options -->)", re.S)
    seen = set()

    def replace(m):
        seen.add(m.group(2))
        return m.group(1) + table(registry, m.group(2)) + "\n" + m.group(4)

    updated = marker.sub(replace, text)
    tasks = sorted({t for o in registry for t in o["tasks"]})
    missing = [t for t in tasks if t not in seen]
    if missing:
        print("%s: no options table for %s (add <!-- options: TASK --> ... <!-- /options -->)"
              % (args.doc, ", ".join(missing)))
        return 1
    if args.check:
        if updated != text:
            print("%s: the options tables differ from parley's registry; run scripts/options_doc.py --parley "
                  "build/parley %s" % (args.doc, args.doc))
            return 1
        print("%s: %d options tables agree with the registry" % (args.doc, len(seen)))
        return 0
    open(args.doc, "w").write(updated)
    return 0


if __name__ == "__main__":
    sys.exit(main())
