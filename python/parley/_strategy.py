"""Negotiation strategies written in Python, played by the engine beside its own (docs/python.md, "Strategies").

    class Greedy(parley.Strategy):
        def propose(self, state):
            return self.negotiation.best            # its best package, every round
        def respond(self, state, offer):
            return self.negotiation.utility(offer) >= 0.8

    s.simulate(strategies={"ru": Greedy(), "ua": "boulware"})
"""

from __future__ import annotations

import bisect
import copy


class Negotiation:
    """What a strategy knows of its negotiation, as parley's own strategies do: its own utilities only.

    Packages are numbers from 0 to ``packages - 1``; ``values(p)`` says what package ``p`` holds on each issue.
    """

    def __init__(self, start):
        self.party = start.party_id
        self.rounds = start.rounds
        self.reservation = start.reservation
        self.packages = start.packages
        self.issues = tuple(start.issues)
        self._grids = [tuple(v.name if v.discrete else v.position for v in grid) for grid in start.grids]
        self._utility = start.utility
        self._acceptable = start.acceptable
        self.ladder = tuple(start.ladder)
        self._ladder_utility = [self._utility[p] for p in self.ladder]

    def utility(self, package):
        """Its utility of ``package``, in [0, 1]."""
        return self._utility[package]

    def acceptable(self, package):
        """Whether it may agree to ``package`` (its limits, red lines and no-deal level): parley refuses the rest."""
        return bool(self._acceptable[package])

    def values(self, package):
        """The package's value on each issue: {issue id: option name or number}."""
        if not 0 <= package < self.packages:
            raise IndexError(f"package {package}: packages are numbered 0 to {self.packages - 1}")
        out = {}
        for k in range(len(self.issues) - 1, -1, -1):
            grid = self._grids[k]
            package, j = divmod(package, len(grid))
            out[self.issues[k]] = grid[j]
        return {issue: out[issue] for issue in self.issues}

    @property
    def best(self):
        """The package it may agree to that it values most (None when there is none)."""
        return self.ladder[-1] if self.ladder else None

    def at_least(self, target):
        """The package it may agree to whose utility is the least at or above ``target`` (its best when none is)."""
        if not self.ladder:
            return None
        k = bisect.bisect_left(self._ladder_utility, target)
        return self.ladder[min(k, len(self.ladder) - 1)]


class State:
    """The negotiation at a strategy's turn."""

    __slots__ = ("round", "deadline", "t", "standing", "last_offer", "previous_offer", "offers")

    def __init__(self, turn, offers):
        self.round, self.deadline, self.t, self.standing, self.last_offer, self.previous_offer = turn
        # The other parties' offers seen so far, oldest first: the engine's own list, to read, not to change.
        self.offers = offers

    def __repr__(self):
        return (f"State(round={self.round}, deadline={self.deadline}, t={self.t:.3f}, "
                f"last_offer={self.last_offer}, offers={len(self.offers)})")


class Strategy:
    """A negotiation strategy written in Python. Override ``propose(state)`` (a package number, or None to walk
    away) and ``respond(state, offer)`` (True to accept); ``begin(negotiation)`` is called before each negotiation
    with ``self.negotiation`` set. parley never lets it accept a package its party may not agree to.

    In a tournament every player is an independent copy (``copy.deepcopy``) of the instance given.
    """

    name = None  # how outputs name it; the class's name when None

    def begin(self, negotiation):
        pass

    def propose(self, state):
        raise NotImplementedError

    def respond(self, state, offer):
        raise NotImplementedError

    # -- the engine's side --------------------------------------------------------------------------------------
    def _parley_name(self):
        return self.name or type(self).__name__

    def _parley_check(self):
        for method in ("propose", "respond"):
            if getattr(type(self), method) is getattr(Strategy, method):
                raise TypeError(f"{type(self).__name__} must define {method}() to play (parley.Strategy)")

    def _parley_begin(self, start):
        # The engine calls this before every negotiation; the view is rebuilt only when the space changed.
        if getattr(self, "_parley_version", None) != start.version:
            self.negotiation = Negotiation(start)
            self._parley_version = start.version
        self._parley_offers = []
        self.begin(self.negotiation)

    def _parley_state(self, turn):
        last = turn[4]
        offers = self._parley_offers
        if last is not None and (not offers or offers[-1] != last):
            offers.append(last)
        return State(turn, offers)

    def _parley_propose(self, turn):
        p = self.propose(self._parley_state(turn))
        if p is None:
            return None
        if isinstance(p, bool) or not isinstance(p, int):
            raise TypeError(f"{self._parley_name()}.propose() returned {p!r}: expected a package number or None")
        return p

    def _parley_respond(self, turn, offer):
        return bool(self.respond(self._parley_state(turn), offer))

    def _parley_fresh(self):
        return copy.deepcopy(self)


def simulate(scenario, strategies, options):
    from ._results import SimulateResult
    options, custom = split_parties(strategies, options)
    return SimulateResult(scenario._raw.simulate(options, custom), scenario)


def split_parties(strategies, options):
    """`simulate`'s strategies={party: name or Strategy}: the named ones added to the options' `strategy` list, the
    Python ones apart, as (options, [(party, instance)])."""
    named = list(options.pop("strategy", []))
    custom = []
    if strategies is not None:
        if not isinstance(strategies, dict):
            raise TypeError("strategies must be a dict: party id -> strategy name or parley.Strategy")
        for party, strategy in strategies.items():
            if isinstance(strategy, Strategy):
                strategy._parley_check()
                custom.append((party, strategy))
            elif isinstance(strategy, str):
                named.append(f"{party}={strategy}")
            else:
                raise TypeError(f"strategies['{party}']: expected a strategy name or a parley.Strategy, found "
                                f"{type(strategy).__name__}")
    if named:
        options["strategy"] = named
    return options, custom


def split(strategies):
    """A tournament's strategies: (names, Strategy instances)."""
    if isinstance(strategies, str):
        strategies = strategies.split(",")
    names, custom = [], []
    for s in strategies or []:
        if isinstance(s, Strategy):
            s._parley_check()
            custom.append(s)
        elif isinstance(s, str):
            names.append(s)
        else:
            raise TypeError(f"strategies: expected names or parley.Strategy instances, found {type(s).__name__}")
    return names, custom
