#!/usr/bin/env python3
"""Writes parley's man pages (section 1) from the binary's own help texts, so they cannot drift from the CLI:
parley.1 lists the subcommands, parley-CMD.1 (and parley-CMD-SUB.1 for runs and audit) gives each one's
synopsis, arguments and options. Run by the build (cmake/packaging.cmake) and packaged by CPack.

    man.py --parley BUILD/parley --out DIR [--date YYYY-MM-DD]
"""
import argparse
import datetime
import os
import re
import subprocess
import sys


def help_text(parley, words):
    out = subprocess.run([parley, *words, "--help"], check=True, capture_output=True, text=True)
    return out.stdout


def parse(text):
    """Splits CLI11's help into its summary, usage line and sections of (term, description) entries."""
    lines = text.rstrip("\n").split("\n")
    summary, usage, sections, current = "", "", {}, None
    for line in lines:
        if line.startswith("Usage: "):
            usage = line[len("Usage: "):]
        elif re.match(r"^[A-Z][A-Za-z]*:$", line):
            current = line[:-1]
            sections[current] = []
        elif current is None:
            if line.strip():
                summary = (summary + " " + line.strip()).strip()
        elif line.startswith("  ") and line[2] != " ":
            # "  TERM   description" or "  TERM" alone (the description follows, indented further)
            m = re.match(r"^  (\S.*?)(?: {2,}(\S.*))?$", line)
            sections[current].append([m.group(1), m.group(2) or ""])
        elif line.strip() and sections[current]:
            entry = sections[current][-1]
            entry[1] = (entry[1] + " " + line.strip()).strip()
    return summary, usage, sections


def roff(text):
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return re.sub(r"^([.'])", r"\\&\1", text)


def page(name, summary, usage, sections, date, version, see_also, extra=""):
    out = [f'.TH {name.upper()} 1 "{date}" "parley {version}" "parley manual"',
           ".SH NAME", f"{roff(name)} \\- {roff(summary)}",
           ".SH SYNOPSIS", f".B {roff(usage)}"]
    if extra:
        out += [".SH DESCRIPTION", roff(extra)]
    titles = {"Positionals": "ARGUMENTS", "Options": "OPTIONS", "Subcommands": "COMMANDS"}
    for key, title in titles.items():
        if key not in sections or not sections[key]:
            continue
        out.append(f".SH {title}")
        for term, description in sections[key]:
            out += [".TP", f".B {roff(term)}", roff(description)]
    out += [".SH SEE ALSO", ", ".join(f"\\fB{roff(s)}\\fR(1)" for s in see_also),
            ".PP", "The documentation in /usr/share/doc/parley (docs/ in the source tree)."]
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--parley", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--date", default=None)
    args = ap.parse_args()
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    date = args.date or (datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date().isoformat()
                         if epoch else "2026-01-01")
    version = subprocess.run([args.parley, "--version"], check=True, capture_output=True,
                             text=True).stdout.split()[-1]
    os.makedirs(args.out, exist_ok=True)
    summary, usage, sections = parse(help_text(args.parley, []))
    commands = [term.split()[0] for term, _ in sections.get("Subcommands", [])]
    pages = {}
    pages["parley"] = page("parley", summary, usage, sections, date, version,
                           [f"parley-{c}" for c in commands])
    for command in commands:
        s, u, secs = parse(help_text(args.parley, [command]))
        subs = [term.split()[0] for term, _ in secs.get("Subcommands", [])]
        pages[f"parley-{command}"] = page(f"parley-{command}", s, u, secs, date, version,
                                          ["parley"] + [f"parley-{command}-{x}" for x in subs])
        for sub in subs:
            s2, u2, secs2 = parse(help_text(args.parley, [command, sub]))
            pages[f"parley-{command}-{sub}"] = page(f"parley-{command}-{sub}", s2, u2, secs2, date, version,
                                                    ["parley", f"parley-{command}"])
    for name, text in pages.items():
        with open(os.path.join(args.out, name + ".1"), "w", encoding="utf-8") as f:
            f.write(text)
    print(f"man.py: {len(pages)} pages in {args.out}")


if __name__ == "__main__":
    sys.exit(main())
