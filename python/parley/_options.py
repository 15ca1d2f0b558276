"""Keyword options checked against parley's options registry (``parley help options``).

Every task's keyword arguments are the registry's options of that task, in snake_case (``max_pareto`` for
``--max-pareto``). A name the task does not take raises TypeError, a value of the wrong type TypeError, and a
value out of its range or choices ValueError with the registry's own message, all before any work starts.
"""

from __future__ import annotations

import inspect
import numbers

from . import _parley

# Options that belong to a front-end, not to a task's result: how to print it, where to write it, a progress bar.
# The package has its own ways to say these (to_dict, to_pandas, render, the progress argument).
_NOT_KEYWORDS = {"format", "quiet", "output", "input-format", "csv-scale", "csv-salience-max"}

_REGISTRY = None


def registry():
    """Every option of every task, as ``parley help options --format json`` lists them (a list of dicts)."""
    global _REGISTRY
    if _REGISTRY is None:
        _REGISTRY = _parley.registry()
    return [dict(o) for o in _REGISTRY]


def options_of(task):
    """The registry's options of ``task`` that the package takes as keyword arguments, by snake_case name."""
    out = {}
    for o in registry():
        if task in o["tasks"].split() and o["name"] not in _NOT_KEYWORDS:
            out[o["name"].replace("-", "_")] = o
    return out


def _text(task, keyword, option, value):
    """``value`` as the command line would spell it, after checking its Python type."""
    kind = option["type"]

    def wrong(expected):
        return TypeError(f"{task}() argument '{keyword}': expected {expected}, found {type(value).__name__} "
                         f"{value!r}")

    if kind == "flag":
        if not isinstance(value, bool):
            raise wrong("True or False")
        return None
    if kind == "integer":
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            raise wrong("an integer")
        return str(int(value))
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise wrong("a number")
        return repr(float(value))
    if not isinstance(value, str):
        raise wrong("a string")
    return value


def check(task, kwargs):
    """The keyword arguments of ``task`` checked against the registry: a dict for the engine (None values dropped).

    Raises TypeError for an option the task does not take or a value of the wrong type, and ValueError with the
    registry's message for a value out of range or not among the choices.
    """
    known = options_of(task)
    out = {}
    for keyword, value in kwargs.items():
        option = known.get(keyword)
        if option is None:
            names = ", ".join(sorted(known)) or "none"
            raise TypeError(f"{task}() got an unexpected keyword argument '{keyword}'; it takes: {names}")
        if value is None:
            continue
        items = value
        if option["type"] == "list":
            if isinstance(value, str):
                items = [value]
            elif not isinstance(value, (list, tuple)):
                raise TypeError(f"{task}() argument '{keyword}': expected a list of strings, found "
                                f"{type(value).__name__}")
            for item in items:
                if not isinstance(item, str):
                    raise TypeError(f"{task}() argument '{keyword}': expected strings, found {item!r}")
            out[keyword] = list(items)
            continue
        text = _text(task, keyword, option, value)
        if text is not None:
            problem = _parley.option_problem(task, option["name"], text)
            if problem:
                raise ValueError(f"{keyword}: {problem}")
        out[keyword] = value
    return out


def doc(task, summary):
    """A task's docstring: ``summary`` and its keyword options from the registry."""
    lines = [inspect.cleandoc(summary), "", "Keyword options (parley's options registry; docs/cli.md):", ""]
    for keyword, o in options_of(task).items():
        detail = o["type"]
        if o["choices"]:
            detail = " | ".join(o["choices"])
        elif o["min"] is not None:
            detail += f" from {o['min']:g} to {o['max']:g}"
        if o["unit"]:
            detail += f" ({o['unit']})"
        default = f", default {o['default']}" if o["default"] is not None else ""
        lines.append(f"    {keyword}: {detail}{default}")
        lines.append(f"        {o['help']}")
    return "\n".join(lines)
