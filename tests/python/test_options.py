"""Keyword options come from the options registry: unknown names, wrong types and values out of range are refused
before any work, with the registry's message (the command line's, with the option spelled as a keyword)."""

import pytest

from conftest import GENEVA, cli


def test_unknown_option_is_a_type_error_listing_what_the_task_takes(parley, geneva):
    with pytest.raises(TypeError, match=r"forecast\(\) got an unexpected keyword argument 'modle'.*model"):
        geneva.forecast(modle="smp")


def test_wrong_type_is_a_type_error(parley, geneva):
    with pytest.raises(TypeError, match="'draws': expected an integer"):
        geneva.sweep(draws=1.5)
    with pytest.raises(TypeError, match="'sensitivity': expected True or False"):
        geneva.sweep(sensitivity="yes")
    with pytest.raises(TypeError):
        geneva.sweep(draws=True)


@pytest.mark.parametrize("task,keyword,value,flag", [
    ("forecast", "q", 1.5, "--q"),
    ("forecast", "model", "bdm", "--model"),
    ("analyze", "threads", 5000, "--threads"),
    ("sweep", "draws", 10**9, "--draws"),
])
def test_out_of_range_is_a_value_error_with_the_registry_message(parley, geneva, task, keyword, value, flag):
    code, _, stderr = cli(task, GENEVA, flag, str(value), check=False)
    assert code == 64
    problem = stderr.strip().splitlines()[0].split(f"{flag}: ", 1)[1]
    with pytest.raises(ValueError) as e:
        getattr(geneva, task)(**{keyword: value})
    assert str(e.value) == f"{keyword}: {problem}"


def test_the_engine_names_options_as_keywords(parley, geneva):
    with pytest.raises(ValueError, match=r"^issue borders: no such issue"):
        geneva.forecast(issue="borders")


def test_docstrings_list_the_registry_options(parley):
    doc = parley.Scenario.forecast.__doc__
    for keyword in ("model", "variant", "q", "rounds", "issue", "at"):
        assert f"    {keyword}:" in doc
    assert "max_pareto" in parley.Scenario.analyze.__doc__
    names = {o["name"] for o in parley.registry()}
    assert {"max-pareto", "draws", "seed"} <= names


def test_registry_is_the_clis(parley):
    import json
    cli_registry = json.loads(cli("help", "options", "--format", "json")[1])["options"]
    assert [o["name"] for o in parley.registry()] == [o["name"] for o in cli_registry]
