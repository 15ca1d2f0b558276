"""Every task's to_dict() is exactly the command's --format json for the same scenario and options, and its typed
attributes say what that JSON says."""

import hashlib
import json
import subprocess
import sys

import pytest

from conftest import BUILD, EXAMPLES, GENEVA, ROOT, cli, cli_json

PRISONERS = EXAMPLES / "prisoners-dilemma.yaml"
CHICKEN = EXAMPLES / "chicken.yaml"
KTAB50 = ROOT / "tests" / "data" / "ktab" / "synth_a50_d3.csv"


def test_analyze(parley, geneva):
    a = geneva.analyze()
    d = a.to_dict()
    assert d == cli_json("analyze", GENEVA)
    assert d["packages"]["agreeable"] == a.agreeable == 0
    assert [i.id for i in a.issues] == [i["id"] for i in d["issues"]]
    assert a.what_it_would_take is not None and a.what_it_would_take.found
    assert a.what_it_would_take.cost == pytest.approx(d["packages"]["what_it_would_take"]["cost"])
    sequencing = a.issues[2]
    assert sequencing.median.discrete and sequencing.median.name == d["issues"][2]["weighted_median"]
    assert geneva.analyze(max_pareto=3, min_ratification=0.2).to_dict() == cli_json(
        "analyze", GENEVA, "--max-pareto", "3", "--min-ratification", "0.2")


def test_analyze_one_sided_limits(parley):
    """A one-sided limit in the way: what it would take moves it, a concession of its own kind."""
    path = ROOT / "tests" / "scenarios" / "analyze" / "one-sided-gap.yaml"
    a = parley.load(path).analyze()
    assert a.to_dict() == cli_json("analyze", path)
    (c,) = a.what_it_would_take.concessions
    assert (c.kind, a.issues[c.issue.index].id, c.from_, c.to) == ("at_most", "wage", 14, 15)


def test_analyze_timeline(parley, geneva):
    t = geneva.analyze(timeline=True)
    assert t.to_dict() == cli_json("analyze", GENEVA, "--timeline")
    assert [p.at for p in t.points][0] == "start"


@pytest.mark.parametrize("model", ["eum", "smp", "compromise", "exchange", "all"])
def test_forecast(parley, geneva, model):
    f = geneva.forecast(model=model)
    d = f.to_dict()
    assert d == cli_json("forecast", GENEVA, "--model", model)
    assert f.model == model
    assert len(f.issues) == 3
    for issue in f.issues:
        assert issue.stop in ("converged", "cycle", "rounds")
        assert isinstance(issue.settled, bool)


def test_forecast_all_models(parley, geneva):
    # Each model's forecast of each issue, the spread between them and the reading in words.
    f = geneva.forecast(model="all")
    territory = f.issues[0]
    models = [m.model for m in territory.models]
    assert models == ["eum-scholz", "eum-bdm", "smp", "compromise", "compromise-median", "exchange"]
    values = [m.forecast.position for m in territory.models]
    assert territory.spread == pytest.approx(max(values) - min(values))
    assert (territory.low.position, territory.high.position) == (min(values), max(values))
    assert any("exchange model" in sentence for sentence in territory.reading)
    assert f.to_pandas()["models"].shape[0] == 6 * 3


def test_forecast_exchange_randomized(parley, geneva):
    a = geneva.forecast(model="exchange", variant="randomized", randomness=0.5, seed=3).to_dict()
    assert a == cli_json("forecast", GENEVA, "--model", "exchange", "--variant", "randomized", "--randomness", "0.5",
                         "--seed", "3")
    assert a != geneva.forecast(model="exchange", variant="randomized", randomness=0.5, seed=4).to_dict()


def test_forecast_smp_parameters(parley, geneva):
    # KTAB's parameters as keywords, checked against the registry's choices before any work starts.
    a = geneva.forecast(model="smp", smp_victory="square", smp_bargain="power-weighted", rounds=5).to_dict()
    assert a == cli_json("forecast", GENEVA, "--model", "smp", "--smp-victory", "square", "--smp-bargain",
                         "power-weighted", "--rounds", "5")
    assert a["parameters"]["victory"] == "square" and a["parameters_from"]["bargain"] == "option"
    s = geneva.forecast(model="smp", smp_transitions="stochastic", seed=4, rounds=5).to_dict()
    assert s["parameters"]["seed"] == 4
    with pytest.raises(ValueError):
        geneva.forecast(model="smp", smp_pce="markov")
    with pytest.raises(ValueError, match="smp_voting is a parameter of model smp"):
        geneva.forecast(model="eum", smp_voting="cubic")


def test_forecast_options(parley, geneva):
    f = geneva.forecast(variant="bdm", q=0.5, rounds=4, issue="territory", at="start")
    assert f.to_dict() == cli_json("forecast", GENEVA, "--variant", "bdm", "--q", "0.5", "--rounds", "4",
                                   "--issue", "territory", "--at", "start")


def test_forecast_threads(parley):
    # The spatial model's turns run on threads; any count gives the same forecast, as the CLI's does.
    ktab = parley.load(KTAB50)
    one = ktab.forecast(model="smp", threads=1).to_dict()
    assert ktab.forecast(model="smp", threads=3).to_dict() == one
    assert one == cli_json("forecast", KTAB50, "--model", "smp", "--threads", "2")


def test_stability(parley, geneva):
    s = parley.load(PRISONERS).stability()
    assert s.to_dict() == cli_json("stability", PRISONERS)
    assert s.equilibria and "nash" in s.concepts
    g = geneva.stability(coalitions="all", states="equilibria")
    assert g.to_dict() == cli_json("stability", GENEVA, "--coalitions", "all", "--states", "equilibria")


def test_write_stability_streams_what_the_cli_prints(parley, geneva, tmp_path):
    # Each format: the bytes `parley stability` prints, the format taken from the extension or given.
    for name, args in (("out.json", ["--format", "json"]), ("out.yaml", ["--format", "yaml"]),
                       ("out.csv", ["--format", "csv"]), ("out.txt", [])):
        path = tmp_path / name
        written = geneva.write_stability(path, coalitions="all", states="all")
        expected = cli("stability", GENEVA, "--coalitions", "all", "--states", "all", *args)[1]
        assert path.read_text() == expected and written == len(expected.encode())
    assert geneva.write_stability(tmp_path / "as-json.out", format="json") == len(cli("stability", GENEVA,
                                                                                          "--format", "json")[1])
    # A failure keeps the old file whole and leaves no temporary file behind.
    old = tmp_path / "old.json"
    old.write_text("kept")
    with pytest.raises(ValueError, match="explain"):
        geneva.write_stability(old, explain="no-such-state")
    assert old.read_text() == "kept" and sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    with pytest.raises(OSError):  # FileNotFoundError, as open() raises it
        geneva.write_stability(tmp_path / "no-such-dir" / "x.json")


def test_write_stability_has_no_listing_cap(parley, tmp_path):
    # 688,128 states listed in JSON: past the 2^19 a result holds in memory, written whole by streaming.
    conflict = tmp_path / "c20.yaml"
    subprocess.run([sys.executable, str(ROOT / "bench" / "gmcr" / "random_conflict.py"), "--options", "20", "--dms",
                    "2", "--seed", "3", "--out-yaml", str(conflict), "--out-gmcr", str(tmp_path / "c20.gmcr")],
                   check=True, stdout=subprocess.DEVNULL)
    s = parley.load(conflict)
    with pytest.raises(parley.LimitError):
        s.stability(states="all").render("json")
    path = tmp_path / "all.json"
    written = s.write_stability(path, states="all")
    assert written == path.stat().st_size > 100_000_000
    cli_out = subprocess.run([str(BUILD / "parley"), "stability", str(conflict), "--states", "all", "--format",
                              "json"], capture_output=True, check=True).stdout
    assert hashlib.sha256(path.read_bytes()).digest() == hashlib.sha256(cli_out).digest()
    assert json.loads(path.read_bytes())["conflict"]["feasible_states"] == 688128


def test_sweep(parley, geneva):
    s = geneva.sweep(draws=200, seed=7, threads=2)
    assert s.to_dict() == cli_json("sweep", GENEVA, "--draws", "200", "--seed", "7", "--threads", "2")
    assert s.draws == 200 and not s.interrupted
    analyze = geneva.sweep(analysis="analyze", draws=150, sensitivity=True)
    assert analyze.to_dict() == cli_json("sweep", GENEVA, "--analysis", "analyze", "--draws", "150",
                                         "--sensitivity")
    assert analyze.sensitivity


def test_sweep_that_keeps_no_draw(parley, geneva):
    s = geneva.sweep(draws=300, seed=2, quantiles="sketch")
    assert s.to_dict() == cli_json("sweep", GENEVA, "--draws", "300", "--seed", "2", "--quantiles", "sketch")
    assert s.quantile_error == s.to_dict()["quantiles"]["relative_error"] > 0
    exact = geneva.sweep(draws=300, seed=2)
    assert exact.quantile_error == 0 and "quantiles" not in exact.to_dict()
    assert [o.count for o in s.outputs] == [o.count for o in exact.outputs]
    with pytest.raises(ValueError, match="^quantiles sketch keeps no draw, and sensitivity needs every draw"):
        geneva.sweep(draws=10, quantiles="sketch", sensitivity=True)


def test_sweep_replay_and_grid_are_typed_and_give_the_clis_json(parley, geneva):
    replay = geneva.sweep(draws=20, replay=3, analysis="analyze")
    d = replay.to_dict()
    assert d == cli_json("sweep", GENEVA, "--draws", "20", "--replay", "3", "--analysis", "analyze")
    r = replay.replayed
    assert r.draw == 3 and r.analyze is not None and r.forecast is None
    assert {i.path: i.value for i in r.inputs} == d["inputs"]
    assert r.analyze.agreeable == d["result"]["packages"]["agreeable"]
    assert set(replay.to_pandas()) == {"inputs", "issues", "frontier", "solutions", "concessions"}
    assert replay.render("text") == cli("sweep", GENEVA, "--draws", "20", "--replay", "3", "--analysis", "analyze")[1]
    grid = geneva.sweep(draws=0, vary=["actors.us.capability=20..60:3"])
    d = grid.to_dict()
    assert d == cli_json("sweep", GENEVA, "--draws", "0", "--vary", "actors.us.capability=20..60:3")
    assert [a.path for a in grid.axes] == ["actors.us.capability"] and list(grid.axes[0].values) == [20, 40, 60]
    assert [list(p.values) for p in grid.grid] == [[20], [40], [60]]
    table = grid.to_pandas()["grid"]
    assert list(table.columns[:2]) == ["actors.us.capability", "output"]
    assert set(table["actors.us.capability"]) == {20, 40, 60}
    assert grid.page() is None


def test_simulate(parley, geneva):
    s = geneva.simulate(strategies={"ru": "boulware", "ua": "conceder"}, rounds=50, seed=3)
    assert s.to_dict() == cli_json("simulate", GENEVA, "--strategy", "ru=boulware", "--strategy", "ua=conceder",
                                   "--rounds", "50", "--seed", "3")
    assert s.trace
    st = geneva.simulate(protocol="single-text")
    assert st.to_dict() == cli_json("simulate", GENEVA, "--protocol", "single-text")


def test_tournament(parley):
    t = parley.tournament([CHICKEN, GENEVA], strategies=["boulware", "conceder"], repetitions=2, rounds=30)
    assert t.to_dict() == cli_json("tournament", CHICKEN, GENEVA, "--strategies", "boulware,conceder",
                                   "--repetitions", "2", "--rounds", "30")
    assert [s.strategy for s in t.strategies] == ["boulware", "conceder"]
    assert t.negotiations > 0


def test_report(parley, geneva, tmp_path):
    r = geneva.report(tmp_path / "g.json", draws=50, created="2026-12-06")
    expected = cli_json("report", GENEVA, "--draws", "50", "--created", "2026-12-06")
    assert r.to_dict() == expected
    assert json.loads((tmp_path / "g.json").read_text()) == expected
    assert len(r.points) == len(geneva.timeline) + 1
    assert r.eum.result is not None and r.uncertainty.forecast.result.draws == 50
    md = geneva.report(tmp_path / "g.md", created="2026-12-06")
    assert (tmp_path / "g.md").read_text() == cli("report", GENEVA, "--format", "md", "--created", "2026-12-06")[1]
    assert md.notes == []
