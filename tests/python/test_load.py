"""Loading scenarios: files, strings, dicts, and errors with their locations."""

import json

import pytest

from conftest import EXAMPLES, GENEVA, cli


def test_load_reads_the_parts(parley, geneva):
    assert geneva.title == "Russia-Ukraine talks in Geneva (February 2026)"
    assert [i.id for i in geneva.issues] == ["territory", "security", "sequencing"]
    assert [a["id"] for a in geneva.actors][:3] == ["ru", "ua", "us"]
    assert geneva.point == geneva.timeline[-1].id
    assert geneva.path == str(GENEVA)
    with pytest.raises(AttributeError):
        geneva.issues[0].id = "x"
    with pytest.raises(TypeError):
        geneva.issues[0]["id"] = "x"


def test_at_a_point_moves_the_parts_and_the_tasks(parley, geneva):
    start = geneva.at("start")
    assert start.point == "start"
    ru_now = [a for a in geneva.actors if a.id == "ru"][0]
    ru_then = [a for a in start.actors if a.id == "ru"][0]
    assert ru_now.capability.value != ru_then.capability.value
    assert start.analyze().to_dict() == json.loads(cli("analyze", GENEVA, "--at", "start", "--format", "json")[1])
    with pytest.raises(ValueError, match="at nowhere: no such timeline point"):
        geneva.at("nowhere")


def test_loads_and_from_dict_give_the_same_scenario(parley, geneva):
    text = GENEVA.read_text()
    assert parley.loads(text).sha256 == geneva.sha256
    assert parley.loads(json.dumps(geneva.to_dict()), "json").sha256 == geneva.sha256
    assert parley.Scenario.from_dict(geneva.to_dict()).sha256 == geneva.sha256
    assert parley.loads(text).analyze().to_dict() == geneva.analyze().to_dict()


def test_importers_read_as_the_cli_does(parley):
    csv = EXAMPLES / "eum-uk-emu.csv"
    s = parley.load(csv, csv_scale=(0, 10), csv_salience_max=100)
    expected = json.loads(cli("forecast", csv, "--csv-scale", "0:10", "--csv-salience-max", "100",
                              "--format", "json")[1])
    assert s.forecast().to_dict() == expected


BAD = """parley: 1
title: Broken
issues:
  - {id: x, name: X, scale: [0, 10]}
actors:
  - {id: a, name: A, role: party, capability: -3}
  - {id: a, name: B, role: party}
"""


def test_a_bad_scenario_raises_with_every_located_problem(parley, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(BAD)
    with pytest.raises(parley.ScenarioError) as e:
        parley.load(path)
    errors = [d for d in e.value.diagnostics if d.severity == "error"]
    assert len(errors) >= 2
    for d in errors:
        assert d.file == str(path) and d.line > 0 and d.column > 0 and d.message
    # str(err) prints them as the command line does.
    code, _, stderr = cli("validate", path, check=False)
    assert code != 0
    for d in e.value.diagnostics:
        assert str(d) in stderr
    assert str(e.value).splitlines()[0].startswith(f"{path}:")
    assert isinstance(e.value, ValueError)


def test_a_string_names_itself_in_diagnostics(parley):
    with pytest.raises(parley.ScenarioError) as e:
        parley.loads("parley: 1\ntitle: [unclosed\n")
    assert str(e.value).startswith("<string>:2:")


def test_a_missing_file_is_an_input_error(parley, tmp_path):
    with pytest.raises(parley.InputError):
        parley.load(tmp_path / "missing.yaml")
    with pytest.raises(OSError):
        parley.load(tmp_path / "missing.yaml")
    with pytest.raises(ValueError):
        parley.load(GENEVA, format="docx")


def test_a_genius_domain_loads_and_gives_the_clis_results(parley):
    from conftest import ROOT
    domain = ROOT / "tests" / "data" / "genius" / "cases" / "holiday"
    g = parley.load(domain)
    assert isinstance(g, parley.GeniusDomain)
    assert [a.id for a in g.actors] == ["holiday_ana", "holiday_ben"]
    a = g.analyze()
    assert a.to_dict() == json.loads(cli("analyze", domain, "--format", "json")[1])
    assert a.agreeable == a.packages > 0
    assert a.to_pandas()["solutions"].loc[0, "u_holiday_ana"] > 0
    s = g.simulate(rounds=30, strategies={"holiday_ana": "conceder"})
    assert s.to_dict() == json.loads(cli("simulate", domain, "--rounds", "30", "--strategy", "holiday_ana=conceder",
                                         "--format", "json")[1])
    assert "region" in s.to_pandas()["trace"].columns
    t = parley.tournament([g], strategies=["boulware", "conceder"], repetitions=1, rounds=20)
    assert t.to_dict() == json.loads(cli("tournament", domain, "--strategies", "boulware,conceder", "--repetitions",
                                         "1", "--rounds", "20", "--format", "json")[1])
    with pytest.raises(ValueError, match="without a GENIUS domain file"):
        parley.load(ROOT / "tests" / "python")


def test_a_scorable_game_loads_and_gives_the_clis_results(parley):
    from conftest import ROOT
    game = ROOT / "tests" / "data" / "games" / "base"
    g = parley.load(game)
    assert isinstance(g, parley.GeniusDomain)
    assert [a.id for a in g.actors] == ["mayor", "other_cities", "union", "sportco", "dot", "enviroment"]
    assert "scorable game" in repr(g)
    a = g.analyze()
    assert a.to_dict() == json.loads(cli("analyze", game, "--format", "json")[1])
    assert (a.packages, a.agreeable, a.unanimous) == (720, 55, 12)
    assert not a.unanimity and [e.id if hasattr(e, "id") else e for e in a.essential] != []
    assert "sportco and dot among them" in a.decision
    solutions = a.to_pandas()["solutions"]
    assert list(solutions["solution"]) == ["nash", "kalai_smorodinsky", "egalitarian", "utilitarian", "leximin"]
    assert solutions.loc[0, "u_sportco"] > 0
    s = g.simulate(rounds=50, protocol="single-text")
    assert s.to_dict() == json.loads(cli("simulate", game, "--rounds", "50", "--protocol", "single-text",
                                         "--format", "json")[1])


def test_a_genius_domain_and_a_game_become_scenarios(parley):
    """docs/genius.md, "As a scenario": what `parley convert DIR` writes, and a scenario that analyses alike."""
    from conftest import ROOT
    for folder, counts in [(ROOT / "tests" / "data" / "genius" / "cases" / "lease", (405, 387)),
                           (ROOT / "tests" / "data" / "games" / "base", (720, 55))]:
        g = parley.load(folder)
        d = g.to_dict()
        assert d == json.loads(cli("convert", folder, "--to", "json")[1])
        assert all(i["ordered"] is False for i in d["issues"] if "ordered" in i)
        s = g.to_scenario()
        assert isinstance(s, parley.Scenario)
        a = s.analyze()
        assert (a.packages, a.agreeable) == counts == (g.analyze().packages, g.analyze().agreeable)


def test_input_options_are_checked(parley):
    csv = EXAMPLES / "eum-uk-emu.csv"
    with pytest.raises(ValueError, match="csv_scale: expected low < high"):
        parley.load(csv, csv_scale=(10, 0))
    with pytest.raises(TypeError, match="csv_scale"):
        parley.load(csv, csv_scale="0:10")
    with pytest.raises(ValueError, match="^csv_salience_max: expected a number from"):
        parley.load(csv, csv_scale=(0, 10), csv_salience_max=0)
