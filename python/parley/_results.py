"""The results of parley's tasks: typed attributes (the engine's own), ``to_dict()`` (exactly the command's
``--format json``), ``to_pandas()`` (its tables) and ``_repr_html_`` (Jupyter)."""

from __future__ import annotations

import json


def _value(v):
    """A Value as a table shows it: the option's name on a discrete issue, else the position."""
    if v is None:
        return None
    return v.name if v.discrete else v.position


# Where Debian's python3-pandas (and its numpy) live: built for CPython 3.11, which any 3.11 interpreter loads.
_DEBIAN_PACKAGES = "/usr/lib/python3/dist-packages"


def _pandas():
    try:
        import pandas
        return pandas
    except ImportError:
        pass
    import os
    import sys
    # Another CPython 3.11 than Debian's (pyenv's, say) has no pandas of its own, and none can be installed from a
    # registry here: take Debian's, after every path of this interpreter's own, so that nothing of its own is shadowed.
    if sys.version_info[:2] == (3, 11) and os.path.isdir(_DEBIAN_PACKAGES) and _DEBIAN_PACKAGES not in sys.path:
        sys.path.append(_DEBIAN_PACKAGES)
        try:
            import pandas
            return pandas
        except ImportError:
            pass
    raise ImportError("to_pandas() needs pandas: install Debian's python3-pandas (scripts/install-deps.sh does)")


class Result:
    """A task's result. Attributes are the engine's typed result (docs/api.md); ``to_dict()`` is the command's
    JSON, ``to_pandas()`` its tables, ``render(format)`` its text, JSON, YAML or CSV."""

    _main = None  # the table to_pandas returns alone when a caller wants one

    def __init__(self, raw, scenario):
        self._raw = raw
        self._scenario = scenario

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._raw, name)

    def __dir__(self):
        return sorted(set(super().__dir__()) | {n for n in dir(self._raw) if not n.startswith("_")})

    def render(self, format="text"):
        """The result as the command prints it: text, json, yaml or csv (where the command writes it)."""
        return self._raw.render(format)

    def to_dict(self):
        """Exactly what the command prints with ``--format json`` for the same scenario and options."""
        return json.loads(self.render("json"))

    def __str__(self):
        return self.render("text")

    def __repr__(self):
        return f"<parley.{type(self).__name__}>"

    # Names of the scenario's actors and issues, by index.
    def _actor(self, a):
        if a is None:
            return None
        if self._scenario is None:
            return a.index
        return self._scenario.actors[a.index]["id"]

    def _issue_ids(self):
        issues = getattr(self._scenario, "issues", None)
        if issues is not None:
            return [i["id"] for i in issues]
        # A GENIUS domain: the issues as the result's JSON names them, in the first package it lists.
        def first(x):
            if isinstance(x, dict):
                if isinstance(x.get("values"), dict):
                    return list(x["values"])
                x = list(x.values())
            if isinstance(x, list):
                for item in x:
                    found = first(item)
                    if found is not None:
                        return found
            return None
        return first(self.to_dict()) or []

    def _tables(self):
        """name -> (columns, rows)."""
        return {}

    def to_pandas(self):
        """The result's tables as pandas DataFrames: one DataFrame, or a dict of them by name."""
        pd = _pandas()
        frames = {name: pd.DataFrame(rows, columns=columns) for name, (columns, rows) in self._tables().items()}
        if len(frames) == 1:
            return next(iter(frames.values()))
        return frames

    def _repr_html_(self):
        from ._html import result_html
        return result_html(self)

    def page(self):
        """The report page of this result alone: the same charts as `parley report` draws for it, in one HTML file
        that needs no network (None for a result the page does not draw)."""
        return self._page()

    def _page(self):
        raw_scenario = getattr(self._scenario, "_raw", None)
        if raw_scenario is None or not hasattr(raw_scenario, "page"):
            return None  # a GENIUS domain, or a tournament over several scenarios
        try:
            return raw_scenario.page(self._page_result())
        except (TypeError, ValueError):
            return None  # a result the page does not draw (a sweep of stability), or a build without the page

    def _page_result(self):
        return self._raw


def _package_row(result, p, parties, issues):
    row = [_value(v) for v in p.values]
    row += list(p.utilities)
    row.append(p.ratification)
    return row


class AnalyzeResult(Result):
    """`analyze` at one point: issues, packages, frontier, solutions, what it would take."""

    def _tables(self):
        r = self._raw
        issues = [i.id for i in r.issues] or self._issue_ids()
        parties = [self._actor(a) for a in r.parties]
        t = {}
        t["issues"] = (["issue", "name", "weighted_mean", "sd", "weighted_median", "lowest", "highest", "zopa",
                        "low", "high", "gap", "above", "below"],
                       [[i.id, i.name, i.mean, i.sd, _value(i.median), _value(i.lowest), _value(i.highest), i.zopa,
                         _value(i.low), _value(i.high), i.gap, self._actor(i.above), self._actor(i.below)]
                        for i in r.issues])
        columns = issues + [f"u_{p}" for p in parties] + ["ratification"]
        t["frontier"] = (columns, [_package_row(self, p, parties, issues) for p in r.frontier])
        solutions = []
        for name in ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian", "leximin"):
            p = getattr(r, name)
            if p is not None:
                solutions.append([name] + _package_row(self, p, parties, issues))
        t["solutions"] = (["solution"] + columns, solutions)
        w = r.what_it_would_take
        t["concessions"] = (["actor", "kind", "issue", "constraint", "from", "to", "drop", "cost"],
                            [[self._actor(c.actor), c.kind, None if c.issue is None else issues[c.issue.index],
                              c.constraint or None, c.from_, c.to, c.drop, c.cost]
                             for c in (w.concessions if w is not None else [])])
        return t


class TimelineResult(Result):
    """`analyze --timeline`: the gap point by point."""

    def _tables(self):
        rows = []
        for p in self._raw.points:
            for i in p.issues:
                rows.append([p.at, p.date, i.id, _value(i.median), i.zopa, i.gap, p.agreeable, p.pareto_packages,
                             p.what_it_would_take])
        return {"timeline": (["at", "date", "issue", "weighted_median", "zopa", "gap", "agreeable",
                              "pareto_packages", "what_it_would_take"], rows)}


class ForecastResult(Result):
    """`forecast`: each issue's forecast, whether it settled (a cycling forecast is a range, not a number)."""

    def _tables(self):
        r = self._raw
        issues = (["issue", "forecast", "settled", "stop", "low", "high", "rounds", "start"],
                  [[f.id, _value(f.forecast), f.settled, f.stop, _value(f.low), _value(f.high), f.rounds,
                    _value(f.start)] for f in r.issues])
        rounds = (["issue", "round", "median"],
                  [[f.id, k, _value(v)] for f in r.issues for k, v in enumerate(f.path)])
        tables = {"issues": issues, "rounds": rounds}
        if r.model == "all":
            tables["models"] = (["issue", "model", "forecast", "settled", "state", "low", "high"],
                                [[f.id, m.model, _value(m.forecast), m.settled, m.state, _value(m.low), _value(m.high)]
                                 for f in r.issues for m in f.models])
        return tables


class StabilityResult(Result):
    """`stability`: equilibria with each decision maker's verdicts, the status quo's reach, coalitions."""

    def _tables(self):
        r = self._raw
        dms = [self._actor(a) for a in r.decision_makers]
        concepts = list(r.concepts)
        equilibria = (["state", "pattern"] + concepts,
                      [[e.state.number, e.state.pattern] + [c in e.equilibrium for c in concepts]
                       for e in r.equilibria])
        verdicts = (["state", "decision_maker", "concept", "stable"],
                    [[e.state.number, dm, c, c in e.stable_for[k]]
                     for e in r.equilibria for k, dm in enumerate(dms) for c in concepts])
        coalitions = (["members", "from", "to", "moves"],
                      [["+".join(str(self._actor(a)) for a in u.members), u.from_.number, u.to.number, u.moves]
                       for u in r.coalition_upsets])
        return {"equilibria": equilibria, "verdicts": verdicts, "coalitions": coalitions}


class SweepResult(Result):
    """`sweep`: every output over the draws (mean, sd, quantiles; or each category's share), the inputs drawn,
    and with sensitivity the tornado; with ``vary``, each grid point's outputs (``axes``, ``grid``); with ``replay``,
    the draw's inputs and the analysis's own result (``replayed``). ``interrupted`` and ``draws_done`` say how the
    run ended."""

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        swept = self._raw
        if hasattr(swept, name):
            return getattr(swept, name)
        if swept.result is not None:
            return getattr(swept.result, name)
        raise AttributeError(name)

    def _typed(self):
        return self._raw.result if self._raw.result is not None else self._raw.replayed

    def render(self, format="text"):
        return self._typed().render(format)

    def _page_result(self):
        if self._raw.result is None or self._raw.result.grid:
            raise ValueError("the page draws Monte Carlo summaries only")
        return self._raw.result

    def _tables(self):
        replayed = self._raw.replayed
        if replayed is not None:
            inputs = (["input", "distribution", "value"], [[i.path, i.distribution, i.value] for i in replayed.inputs])
            if replayed.analyze is not None:
                inner = AnalyzeResult(replayed.analyze, self._scenario)
            elif replayed.stability is not None:
                inner = StabilityResult(replayed.stability, self._scenario)
            else:
                inner = ForecastResult(replayed.forecast, self._scenario)
            return {"inputs": inputs, **inner._tables()}
        r = self._raw.result
        summary = ["output", "label", "count", "mean", "sd", "se", "q05", "q25", "q50", "q75", "q95"]

        def numbers(o):
            return [o.path, o.label, o.count, o.mean, o.sd, o.se, o.q05, o.q25, o.q50, o.q75, o.q95]

        inputs = (["input", "label", "distribution"], [[i.path, i.label, i.distribution] for i in r.inputs])
        if r.grid:
            axes = [a.path for a in r.axes]
            grid = (axes + summary, [list(p.values) + numbers(o) for p in r.grid for o in p.outputs if o.count > 0])
            shares = (axes + ["output", "label", "category", "share"],
                      [list(p.values) + [o.path, o.label, c, v] for p in r.grid for o in p.outputs for c, v in o.shares])
            return {"grid": grid, "shares": shares, "inputs": inputs}
        outputs = (summary, [numbers(o) for o in r.outputs if o.count > 0])
        shares = (["output", "label", "category", "share"],
                  [[o.path, o.label, c, p] for o in r.outputs for c, p in o.shares])
        t = {"outputs": outputs, "shares": shares, "inputs": inputs}
        if r.sensitivity is not None:
            t["tornado"] = (["output", "base", "input", "low", "high"],
                            [[s.output, s.base, w.input, w.low, w.high] for s in r.sensitivity for w in s.tornado])
            t["variance_shares"] = (["output", "input", "share"],
                                    [[s.output, i, v] for s in r.sensitivity for i, v in s.variance_shares])
        return t


class SimulateResult(Result):
    """`simulate`: the offer trace, the agreement or none, each party's utility."""

    def _tables(self):
        r = self._raw
        issues = self._issue_ids()
        parties = [self._actor(p.actor) for p in r.parties]
        trace = (["round", "party", "action"] + issues + [f"u_{p}" for p in parties],
                 [[s.round, self._actor(s.party) if s.party is not None else "mediator", s.action]
                  + ([_value(v) for v in s.package.values] + list(s.package.utilities) if s.package is not None
                     else [None] * (len(issues) + len(parties)))
                  for s in r.trace])
        summary = (["party", "strategy", "no_deal_utility", "utility"],
                   [[parties[k], p.strategy, p.no_deal_utility, r.utilities[k]] for k, p in enumerate(r.parties)])
        return {"trace": trace, "parties": summary}


class TournamentResult(Result):
    """`tournament`: each strategy's scores with 95 % intervals, over every scenario and per scenario."""

    def _tables(self):
        r = self._raw

        def scores(prefix, s):
            row = [] if prefix is None else [prefix]
            row.append(s.strategy)
            for m in (s.utility, s.agreement, s.welfare, s.distance_to_nash, s.round):
                row += [m.mean, m.ci95, m.count]
            return row

        measures = []
        for m in ("utility", "agreement", "welfare", "distance_to_nash", "round"):
            measures += [m, f"{m}_ci95", f"{m}_count"]
        return {"strategies": (["strategy"] + measures, [scores(None, s) for s in r.strategies]),
                "by_scenario": (["scenario", "strategy"] + measures,
                                [scores(sc.file, s) for sc in r.scenarios for s in sc.strategies])}


class ReportResult(Result):
    """`report`: every section's typed result (``points``, ``eum``, ``smp``, ``stability``, ``uncertainty``),
    ``notes`` on what was skipped; ``render("html" | "md" | "json")`` lays it out."""

    def render(self, format="md"):
        return self._raw.render(format)

    def __str__(self):
        return self.render("md")

    def _tables(self):
        rows = []
        for p in self._raw.points:
            a = p.analysis.result
            rows.append([p.at, p.date, p.label, a.agreeable if a is not None else None,
                         a.frontier_packages if a is not None else None, p.analysis.skipped or None])
        return {"points": (["at", "date", "label", "agreeable", "pareto_packages", "skipped"], rows)}

    def _repr_html_(self):
        from ._html import report_html
        return report_html(self)


def replace_file(path, prefix, write):
    """Writes ``path`` through ``write(tmp)``, which fills the temporary file ``tmp`` in the same directory, then a
    rename, as `parley report -o` writes: a failure never leaves half a file or destroys the old one. Returns what
    ``write`` returned."""
    import os
    import tempfile
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=prefix, dir=directory)
    os.close(fd)
    try:
        out = write(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return out


def write_report(result, path, format):
    """Writes the report to ``path``: ``format`` html, md or json, or from the file's extension (html by default)."""
    if format is None:
        ext = path.rsplit(".", 1)[-1].lower() if "." in path else ""
        format = {"md": "md", "markdown": "md", "json": "json"}.get(ext, "html")
    text = result.render(format)

    def write(tmp):
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)

    replace_file(path, ".parley-report-", write)
