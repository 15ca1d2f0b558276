#!/usr/bin/env python3
"""Writes the API reference of docs/python.md from the Python package's own docstrings (and through them, the options
registry): everything between `<!-- python-api -->` and `<!-- /python-api -->`.

  scripts/python_doc.py --build build docs/python.md          rewrite the reference
  scripts/python_doc.py --build build --check docs/python.md  exit 1 when it differs from the docstrings
"""
import argparse
import inspect
import re
import sys


def signature(obj):
    try:
        return str(inspect.signature(obj))
    except (TypeError, ValueError):
        return "(...)"


def block(title, obj, name=None):
    doc = inspect.getdoc(obj) or ""
    return f"### `{name or obj.__name__}{signature(obj) if callable(obj) else ''}`\n\n```text\n{doc}\n```\n"


def reference(parley):
    parts = ["## API reference (from the docstrings)\n"]
    for f in (parley.load, parley.loads, parley.tournament, parley.registry):
        parts.append(block("", f, f"parley.{f.__name__}"))
    parts.append(block("", parley.Scenario, "parley.Scenario"))
    parts.append(block("", parley.Scenario.from_dict, "parley.Scenario.from_dict"))
    parts.append(block("", parley.Scenario.at, "Scenario.at"))
    for task in ("analyze", "forecast", "stability", "write_stability", "sweep", "simulate", "report"):
        parts.append(block("", getattr(parley.Scenario, task), f"Scenario.{task}"))
    for cls in (parley.Result, parley.AnalyzeResult, parley.TimelineResult, parley.ForecastResult,
                parley.StabilityResult, parley.SweepResult, parley.SimulateResult, parley.TournamentResult,
                parley.ReportResult, parley.Strategy, parley.Negotiation, parley.State, parley.ScenarioError,
                parley.GeniusDomain):
        parts.append(block("", cls, f"parley.{cls.__name__}"))
        for m in ("to_dict", "to_pandas", "render", "page"):
            if cls is parley.Result and hasattr(cls, m):
                parts.append(block("", getattr(cls, m), f"Result.{m}"))
    return "\n".join(parts)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--check", action="store_true")
    ap.add_argument("doc")
    args = ap.parse_args()
    sys.path.insert(0, f"{args.build}/python")
    import parley
    text = open(args.doc, encoding="utf-8").read()
    begin, end = "<!-- python-api -->", "<!-- /python-api -->"
    new = re.sub(re.escape(begin) + ".*?" + re.escape(end), lambda _: f"{begin}\n{reference(parley)}\n{end}", text,
                 flags=re.S)
    if args.check:
        if new != text:
            sys.exit(f"{args.doc}: the API reference differs from the docstrings; run scripts/python_doc.py "
                     f"--build {args.build} {args.doc}")
        return
    open(args.doc, "w", encoding="utf-8").write(new)


if __name__ == "__main__":
    main()
