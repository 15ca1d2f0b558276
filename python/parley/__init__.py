"""parley: multi-party, multi-issue negotiations in Python (docs/python.md).

    import parley
    s = parley.load("examples/geneva.yaml")
    a = s.analyze()                 # typed result: a.agreeable, a.issues, a.nash, ...
    a.to_dict()                     # exactly what `parley analyze --format json` prints
    a.to_pandas()                   # its tables as pandas DataFrames
    s.forecast(model="smp"), s.stability(), s.sweep(draws=1000), s.simulate(), s.report("geneva.html")

Every task takes the options registry's options of that task as keyword arguments (snake_case of the command
line's flags); ``help(parley.Scenario.analyze)`` lists them.
"""

from __future__ import annotations

import json as _json
import os as _os

from . import _parley
from . import _options
from ._results import (AnalyzeResult, ForecastResult, ReportResult, SimulateResult, StabilityResult,
                       SweepResult, TimelineResult, TournamentResult, Result)
from ._records import Record
from ._strategy import Negotiation, State, Strategy


__version__ = _parley.version()

Error = _parley.Error
DataError = _parley.DataError
LimitError = _parley.LimitError
InputError = _parley.InputError
OutputError = _parley.OutputError
Cancelled = _parley.Cancelled
registry = _options.registry


class Diagnostic:
    """One problem with a scenario: where it is and what is wrong."""

    __slots__ = ("file", "line", "column", "severity", "message", "_text")

    def __init__(self, d):
        self.file = d["file"]
        self.line = d["line"]
        self.column = d["column"]
        self.severity = d["severity"]
        self.message = d["message"]
        self._text = d["text"]

    def __str__(self):
        return self._text

    def __repr__(self):
        return f"Diagnostic({self._text!r})"


class ScenarioError(Error, ValueError):
    """A scenario that does not load: ``.diagnostics`` holds every problem, each with its file, line and column."""

    def __init__(self, diagnostics):
        self.diagnostics = diagnostics
        super().__init__("\n".join(str(d) for d in diagnostics if d.severity == "error"))

    def __str__(self):
        return "\n".join(str(d) for d in self.diagnostics)


def _input(format, csv_scale, csv_salience_max):
    """The input options of `load`, checked as the registry checks --input-format and --csv-salience-max."""
    kwargs = {}
    if format is not None:
        problem = _parley.option_problem("analyze", "input-format", str(format))
        if problem:
            raise ValueError(f"format: {problem}")
        kwargs["input_format"] = format
    if csv_scale is not None:
        try:
            low, high = (float(x) for x in csv_scale)
        except (TypeError, ValueError):
            raise TypeError(f"csv_scale: expected (low, high), found {csv_scale!r}") from None
        if not low < high:
            raise ValueError(f"csv_scale: expected low < high, found ({low:g}, {high:g})")
        kwargs["csv_scale"] = (low, high)
    if csv_salience_max is not None:
        problem = _parley.option_problem("analyze", "csv-salience-max", repr(float(csv_salience_max)))
        if problem:
            raise ValueError(f"csv_salience_max: {problem}")
        kwargs["csv_salience_max"] = float(csv_salience_max)
    return kwargs


def _checked(raw, name):
    diagnostics = [Diagnostic(d) for d in raw.diagnostics]
    if not raw.ok:
        raise ScenarioError(diagnostics)
    return Scenario(raw, diagnostics, path=name)


def load(path, *, format=None, csv_scale=None, csv_salience_max=None):
    """Reads a scenario file: parley's YAML or JSON, a KTAB CSV or XML, a BDM table (``csv_scale=(low, high)``,
    ``csv_salience_max``) or a gmcr-py graph model; a GENIUS domain directory or a scorable game folder gives a GeniusDomain. Raises
    ScenarioError with every located problem, InputError when the file cannot be read."""
    path = _os.fspath(path)
    genius = _genius(path) if format is None else None
    if genius is not None:
        return genius
    raw = _parley.load(path, _input(format, csv_scale, csv_salience_max))
    return _checked(raw, path)


def loads(text, format="yaml", *, name=None, csv_scale=None, csv_salience_max=None):
    """Reads a scenario from a string: ``format`` yaml, json, csv, xml or gmcr. Diagnostics name the text
    ``<string>`` (or ``name``)."""
    if not isinstance(text, str):
        raise TypeError(f"loads() expects a string, found {type(text).__name__}")
    name = name or "<string>"
    if not isinstance(format, str):
        raise TypeError(f"loads() format: expected a string, found {type(format).__name__}")
    problem = _parley.option_problem("analyze", "input-format", format)
    if problem:
        raise ValueError(f"format: {problem}")
    # The format says how to read the text; like a file's extension, it is not an option the outputs stamp.
    raw = _parley.load_text(text, name, format, _input(None, csv_scale, csv_salience_max))
    return _checked(raw, None)


class Scenario:
    """A scenario as loaded, read-only. Its tasks are methods; its parts are ``title``, ``issues``, ``actors``,
    ``constraints``, ``timeline`` and ``conflict`` (as ``parley show --format json`` gives them, at ``point``)."""

    def __init__(self, raw, diagnostics, path=None, point=None):
        self._raw = raw
        self._path = path
        self._point = point
        self.diagnostics = diagnostics
        self._shown = None

    @classmethod
    def from_dict(cls, d):
        """A scenario from a dict in parley's format (as ``parley convert --to json`` writes it)."""
        if not isinstance(d, dict):
            raise TypeError(f"from_dict() expects a dict, found {type(d).__name__}")
        return loads(_json.dumps(d), "json", name="<dict>")

    # -- parts -------------------------------------------------------------------------------------------------
    def _show(self):
        if self._shown is None:
            self._shown = _json.loads(self._raw.show(self._point or ""))
        return self._shown

    def _part(self, key):
        return Record.of(self._show().get(key))

    title = property(lambda self: self._show()["title"], doc="The scenario's title.")
    issues = property(lambda self: self._part("issues"), doc="The issues, in input order.")
    actors = property(lambda self: self._part("actors"), doc="The actors as they stand at `point`.")
    constraints = property(lambda self: self._part("constraints"), doc="Red lines and linked issues.")
    timeline = property(lambda self: self._part("timeline"), doc="The timeline's points, each marked applied or not.")
    conflict = property(lambda self: self._part("conflict"), doc="The graph model's conflict section, or None.")
    point = property(lambda self: self._show()["at"]["id"], doc="The timeline point the scenario stands at.")
    path = property(lambda self: self._path, doc="The file it was read from (None for a string).")
    sha256 = property(lambda self: self._raw.sha256, doc="The SHA-256 of its canonical form (as outputs stamp it).")

    def at(self, point_id):
        """The scenario at a timeline point ("start", or a point's id): its parts as they stand there, and every
        task run there unless told otherwise."""
        if not isinstance(point_id, str):
            raise TypeError(f"at() expects a point id, found {type(point_id).__name__}")
        s = Scenario(self._raw, self.diagnostics, self._path, point_id)
        s._show()  # an unknown point raises here
        return s

    def to_dict(self):
        """The scenario as ``parley convert --to json`` writes it (as written, every timeline point)."""
        return _json.loads(self._raw.convert("json"))

    def __repr__(self):
        at = f" at {self._point}" if self._point else ""
        return f"<parley.Scenario {self.title!r}{at}: {len(self.issues)} issues, {len(self.actors)} actors>"

    def _repr_html_(self):
        from ._html import scenario_html
        return scenario_html(self)

    # -- tasks -------------------------------------------------------------------------------------------------
    def _with_point(self, task, kwargs):
        if self._point is not None and "at" in _options.options_of(task) and kwargs.get("at") is None:
            kwargs = dict(kwargs, at=self._point)
        return _options.check(task, kwargs)

    def analyze(self, *, progress=None, **options):
        o = self._with_point("analyze", options)
        if o.get("timeline"):
            return TimelineResult(self._raw.timeline(o, _progress(progress)), self)
        return AnalyzeResult(self._raw.analyze(o, _progress(progress)), self)

    def forecast(self, *, progress=None, **options):
        return ForecastResult(self._raw.forecast(self._with_point("forecast", options), _progress(progress)), self)

    def stability(self, *, progress=None, **options):
        return StabilityResult(self._raw.stability(self._with_point("stability", options), _progress(progress)),
                               self)

    def write_stability(self, path, *, format=None, progress=None, **options):
        """Writes `parley stability`'s output for this scenario to ``path``, streamed as the command line prints
        it, so that listings past what a result holds in memory (2^19 states in JSON or YAML, 2^22 CSV rows) are
        written whole: ``format`` text, json, yaml or csv, or from the file's extension (text by default);
        ``options`` as ``stability()`` takes them. Returns the bytes written. Through a temporary file in the same
        directory and a rename: a failure leaves no half file and keeps an old one."""
        path = _os.fspath(path)
        if format is None:
            ext = path.rsplit(".", 1)[-1].lower() if "." in _os.path.basename(path) else ""
            format = {"json": "json", "yaml": "yaml", "yml": "yaml", "csv": "csv"}.get(ext, "text")
        o = self._with_point("stability", options)
        from ._results import replace_file
        return replace_file(path, ".parley-stability-",
                            lambda tmp: self._raw.stability_to(tmp, format, o, _progress(progress)))

    def sweep(self, *, progress=None, **options):
        swept = self._raw.sweep(self._with_point("sweep", options), _progress(progress))
        return SweepResult(swept, self)

    def simulate(self, *, strategies=None, **options):
        from ._strategy import simulate
        return simulate(self, strategies, self._with_point("simulate", options))

    def report(self, path=None, *, format=None, progress=None, **options):
        from ._results import write_report
        o = _options.check("report", options)
        if "created" not in o:
            o["created"] = _created()
        o["format"] = "json"
        result = ReportResult(self._raw.report(o, _progress(progress)), self)
        if path is not None:
            write_report(result, _os.fspath(path), format)
        return result


def tournament(scenarios, *, progress=None, **options):
    """Every strategy against every other in every role of every scenario (`parley tournament`). ``scenarios``:
    paths, or Scenarios read from files; ``strategies``: a list of names ("boulware", "tit-for-tat:2", ...)."""
    paths = []
    for s in scenarios if isinstance(scenarios, (list, tuple)) else [scenarios]:
        if isinstance(s, (Scenario, GeniusDomain)):
            if s.path is None:
                raise ValueError("tournament() reads scenarios from their files: this one was read from a string")
            paths.append(s.path)
        else:
            paths.append(_os.fspath(s))
    from ._strategy import split
    o = dict(options)
    names, custom = split(o.pop("strategies", None))
    if names:
        o["strategies"] = ",".join(names)
    o = _options.check("tournament", o)
    if names:
        o["strategies"] = names
    diagnostics, result = _parley.tournament(paths, {}, o, _progress(progress), custom)
    diagnostics = [Diagnostic(d) for d in diagnostics]
    if result is None:
        raise ScenarioError(diagnostics)
    return TournamentResult(result, None)


def _created():
    import datetime
    epoch = _os.environ.get("SOURCE_DATE_EPOCH")
    when = (datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc) if epoch
            else datetime.datetime.now(datetime.timezone.utc))
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _progress(progress):
    """The engine's progress callback: a callable (phase, done, total), a tqdm bar for True, or None."""
    if progress is None or progress is False:
        return None
    if progress is True:
        try:
            from tqdm.auto import tqdm
        except ImportError:
            return None
        bars = {}

        def bar(phase, done, total):
            b = bars.get(phase)
            if b is None:
                b = bars[phase] = tqdm(total=total, desc=phase)
            b.total = total
            b.n = done
            b.refresh()
        return bar
    if not callable(progress):
        raise TypeError("progress must be a callable (phase, done, total), True or None")
    return progress


for _task, _summary in (
        ("analyze", "The gap and ZOPA issue by issue, the agreeable packages, the Pareto frontier, the bargaining "
                    "solutions and what it would take to open a deal (`parley analyze`)."),
        ("forecast", "Where bargaining will end: the expected-utility model (model='eum'), KTAB's spatial model "
                     "(model='smp'), the compromise model (model='compromise'), the exchange model "
                     "(model='exchange') or all of them side by side (model='all'), issue by issue, and whether "
                     "each forecast settled (`parley forecast`)."),
        ("stability", "Which outcomes are stable: the graph model's equilibria under Nash, GMR, SMR, SEQ and SIM, the "
                      "status quo's paths and the coalitions (`parley stability`)."),
        ("sweep", "How sure are we: an analysis over Monte Carlo draws of the scenario's uncertain numbers, each "
                  "output summarised; with sensitivity, the tornado (`parley sweep`)."),
        ("simulate", "One negotiation between software agents: strategies={'ru': 'boulware', 'ua': MyStrategy()} "
                     "mixes built-in strategies and parley.Strategy subclasses (`parley simulate`)."),
        ("report", "Every analysis of the scenario in one result; with a path, the page (html), the memo (md) or "
                   "its data (json) is written there (`parley report`)."),
):
    getattr(Scenario, _task).__doc__ = _options.doc(_task, _summary)
tournament.__doc__ = _options.doc("tournament", tournament.__doc__)

__all__ = ["load", "loads", "Scenario", "tournament", "registry", "Strategy", "Negotiation", "State", "Diagnostic", "ScenarioError",
           "Error", "DataError", "LimitError", "InputError", "OutputError", "Cancelled", "Result",
           "AnalyzeResult", "ForecastResult", "StabilityResult", "SweepResult", "SimulateResult",
           "TournamentResult", "TimelineResult", "ReportResult", "Record"]


class GeniusDomain:
    """A GENIUS (ANAC) negotiation domain and its parties' profiles, read as the command line reads them
    (docs/genius.md): ``analyze`` and ``simulate`` take it, and ``tournament`` takes its directory;
    ``to_scenario()`` writes it as a parley Scenario (docs/genius.md, "As a scenario")."""

    def __init__(self, raw, path):
        self._raw = raw
        self.path = path
        self.domain = raw.domain
        self.profiles = tuple(raw.profiles)
        # The ids the analyses give the parties (a profile's file stem made an id; a game's file ids).
        self.actors = tuple(Record({"id": i}) for i in raw.party_ids())

    def __repr__(self):
        if self._raw.game:
            return f"<parley.GeniusDomain {self.path!r}: a scorable game, {len(self.actors)} parties>"
        return f"<parley.GeniusDomain {self.path!r}: {len(self.profiles)} profiles>"

    def to_dict(self):
        """The domain (or game) as a parley scenario, as ``parley convert DIR --to json`` writes it
        (docs/genius.md, "As a scenario")."""
        diagnostics, text = self._raw.convert("json")
        if text is None:
            raise ScenarioError([Diagnostic(d) for d in diagnostics])
        return _json.loads(text)

    def to_scenario(self):
        """The domain (or game) as a parley Scenario: every task of a scenario then takes it."""
        return Scenario.from_dict(self.to_dict())

    def analyze(self, **options):
        o = _options.check("analyze", options)
        diagnostics, result = self._raw.analyze(o)
        if result is None:
            raise ScenarioError([Diagnostic(d) for d in diagnostics])
        return AnalyzeResult(result, self)

    def simulate(self, *, strategies=None, **options):
        from ._strategy import split_parties
        o = _options.check("simulate", options)
        o, custom = split_parties(strategies, o)
        diagnostics, result = self._raw.simulate(o, custom)
        if result is None:
            raise ScenarioError([Diagnostic(d) for d in diagnostics])
        return SimulateResult(result, self)


def _genius(path):
    """A GENIUS domain directory (or None when ``path`` is not one)."""
    if not _os.path.isdir(path):
        return None
    raw = _parley.genius([path])
    if raw is None:
        raise InputError(f"{path}: a directory, but not a GENIUS domain (one domain file and its profiles)")
    return GeniusDomain(raw, path)


GeniusDomain.analyze.__doc__ = _options.doc("analyze", "`analyze` for a GENIUS domain: utilities normalised as "
                                                       "GENIUS does, each profile a party (docs/genius.md).")
GeniusDomain.simulate.__doc__ = _options.doc("simulate", "One negotiation over a GENIUS domain.")
__all__.append("GeniusDomain")
