"""Jupyter's rich display of scenarios and results: the headline and the tables; a report shows its page."""

from __future__ import annotations

import html


def _table(columns, rows, limit=50):
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in columns)
    body = []
    for row in rows[:limit]:
        cells = []
        for x in row:
            if isinstance(x, float):
                x = f"{x:.4g}"
            cells.append(f"<td>{html.escape('' if x is None else str(x))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    more = f"<p>{len(rows) - limit} more rows: to_pandas() has them all.</p>" if len(rows) > limit else ""
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{more}"


def _frame(page, height=700):
    """A page in a sandboxed frame: its own scripts run (the bundled charts, offline), nothing else."""
    return (f'<iframe srcdoc="{html.escape(page, quote=True)}" style="width:100%;height:{height}px;border:0" '
            f'sandbox="allow-scripts"></iframe>')


def result_html(result):
    parts = [f"<h4>parley {html.escape(type(result).__name__)}</h4>"]
    page = result._page()
    if page is not None:
        parts.append(_frame(page))
    for name, (columns, rows) in result._tables().items():
        parts.append(f"<h5>{html.escape(name)} ({len(rows)} rows)</h5>")
        parts.append(_table(columns, rows) if rows else "<p>none</p>")
    return "\n".join(parts)


def report_html(result):
    """The report's own page (its charts bundled in it, offline) in a frame."""
    return _frame(result.render("html"), 800)


def scenario_html(scenario):
    issues = [[i["id"], i["name"], i["kind"]] for i in scenario.issues]
    actors = [[a["id"], a["name"], a["role"]] for a in scenario.actors]
    return (f"<h4>{html.escape(scenario.title)} (at {html.escape(scenario.point)})</h4>"
            + _table(["issue", "name", "kind"], issues) + _table(["actor", "name", "role"], actors))
