"""to_pandas(): each result's tables, their shapes and types."""

import pandas as pd
import pytest

from conftest import EXAMPLES


def test_analyze_tables(parley, geneva):
    t = geneva.analyze().to_pandas()
    assert set(t) == {"issues", "frontier", "solutions", "concessions"}
    issues = t["issues"]
    assert list(issues["issue"]) == ["territory", "security", "sequencing"]
    assert issues["gap"].dtype == float and issues["zopa"].dtype == bool
    assert issues.loc[2, "weighted_median"] in {i for i in geneva.issues[2]["options"]}
    assert len(t["concessions"]) == len(geneva.analyze().what_it_would_take.concessions)


def test_forecast_tables(parley, geneva):
    t = geneva.forecast().to_pandas()
    assert list(t["issues"].columns[:4]) == ["issue", "forecast", "settled", "stop"]
    assert t["issues"]["settled"].dtype == bool
    assert t["rounds"]["round"].dtype.kind == "i"
    assert len(t["rounds"]) == sum(len(f.path) for f in geneva.forecast().issues)


def test_sweep_tables(parley, geneva):
    s = geneva.sweep(analysis="analyze", draws=200, sensitivity=True)
    t = s.to_pandas()
    assert {"outputs", "shares", "inputs", "tornado", "variance_shares"} <= set(t)
    assert (t["outputs"]["count"] <= 200).all() and t["outputs"]["mean"].dtype == float
    assert len(t["inputs"]) == len(s.inputs)


def test_stability_simulate_tournament_report_tables(parley, geneva, tmp_path):
    st = parley.load(EXAMPLES / "prisoners-dilemma.yaml").stability().to_pandas()
    assert len(st["equilibria"]) >= 1 and st["equilibria"]["nash"].dtype == bool
    sim = geneva.simulate(rounds=20).to_pandas()
    assert list(sim["trace"].columns[:3]) == ["round", "party", "action"]
    assert len(sim["parties"]) == 2
    t = parley.tournament([EXAMPLES / "chicken.yaml"], strategies=["boulware", "linear"], repetitions=2)
    assert list(t.to_pandas()["strategies"]["strategy"]) == ["boulware", "linear"]
    timeline = geneva.analyze(timeline=True).to_pandas()
    assert isinstance(timeline, pd.DataFrame) and len(timeline) == 3 * (len(geneva.timeline) + 1)
    report = geneva.report(created="2026-12-06").to_pandas()
    assert isinstance(report, pd.DataFrame) and len(report) == len(geneva.timeline) + 1


def test_jupyter_display(parley, geneva):
    html = geneva.analyze()._repr_html_()
    assert "<table>" in html and "territory" in html
    assert "Geneva" in geneva._repr_html_()


def test_a_result_displays_with_the_report_pages_charts(parley, geneva, tmp_path):
    import json
    import re
    import shutil
    import subprocess
    pages = {
        "analyze": (geneva.analyze(), "packages"),
        "forecast": (geneva.forecast(model="smp"), "forecast"),
        "stability": (geneva.stability(), "stability"),
        "sweep": (geneva.sweep(analysis="analyze", draws=100, sensitivity=True), "uncertainty"),
    }
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    for name, (result, section) in pages.items():
        page = result.page()
        if page is None:
            pytest.skip("built without the report page (PARLEY_WEB=OFF)")
        data = json.loads(re.search(r'<script type="application/json" id="parley-data">(.*?)</script>',
                                    page, re.S).group(1).replace("<\\/", "</"))
        assert data["parley"]["options"] == result.to_dict()["parley"]["options"], name
        assert "<iframe" in result._repr_html_()
        # The page draws in a real browser, offline, with the section of this result and no error.
        path = tmp_path / f"{name}.html"
        path.write_text(page)
        dom = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", path.as_uri()],
                             capture_output=True, text=True, timeout=120).stdout
        assert 'data-rendered="true"' in dom, name
        assert 'class="error"' not in dom, name
        assert f'<section id="{section}"' in dom, name
    assert geneva.sweep(analysis="stability", draws=20).page() is None  # the page draws no stability sweep
