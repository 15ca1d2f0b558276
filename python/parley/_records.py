"""Read-only views of a scenario's parts: mappings whose keys also read as attributes, lists as tuples."""

from __future__ import annotations

from collections.abc import Mapping


class Record(Mapping):
    """A read-only mapping whose keys also read as attributes: ``issue.id`` or ``issue["id"]``."""

    __slots__ = ("_d",)

    def __init__(self, d):
        object.__setattr__(self, "_d", d)

    @staticmethod
    def of(x):
        if isinstance(x, dict):
            return Record({k: Record.of(v) for k, v in x.items()})
        if isinstance(x, list):
            return tuple(Record.of(v) for v in x)
        return x

    def __getitem__(self, key):
        return self._d[key]

    def __iter__(self):
        return iter(self._d)

    def __len__(self):
        return len(self._d)

    def __getattr__(self, name):
        try:
            return self._d[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name, value):
        raise AttributeError("a scenario's parts are read-only")

    def __repr__(self):
        return f"Record({self._d!r})"

    def to_dict(self):
        def plain(x):
            if isinstance(x, Record):
                return {k: plain(v) for k, v in x._d.items()}
            if isinstance(x, tuple):
                return [plain(v) for v in x]
            return x
        return plain(self)
