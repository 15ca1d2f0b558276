"""Strategies written in Python, in simulate and in tournaments, beside the built-in ones."""

import pytest

from conftest import CHICKEN, GENEVA




def make_classes(parley):
    class Steady(parley.Strategy):
        """Asks for its best package, accepts anything worth at least `floor` to it."""

        def __init__(self, floor=0.6):
            self.floor = floor
            self.calls = 0
            self.seen_rounds = []

        def begin(self, negotiation):
            self.started = negotiation.party

        def propose(self, state):
            self.calls += 1
            self.seen_rounds.append(state.round)
            return self.negotiation.at_least(max(self.floor, 1 - state.t))

        def respond(self, state, offer):
            return self.negotiation.utility(offer) >= self.floor

    class Walker(parley.Strategy):
        name = "walker"

        def propose(self, state):
            return None

        def respond(self, state, offer):
            return False

    class Reckless(parley.Strategy):
        def propose(self, state):
            return 10**9

        def respond(self, state, offer):
            return True

    return Steady, Walker, Reckless


def test_a_python_strategy_plays_a_party(parley, geneva):
    Steady, Walker, _ = make_classes(parley)
    ru = Steady(floor=0.5)
    r = geneva.simulate(strategies={"ru": ru, "ua": "conceder"}, rounds=40)
    assert ru.calls > 0 and ru.started == "ru"
    assert ru.seen_rounds == sorted(ru.seen_rounds)
    d = r.to_dict()
    assert [p.strategy for p in r.parties] == ["Steady", "conceder"]
    assert "ru=Steady" in d["parley"]["options"]["strategy"]
    # Every offer it made is one its party may agree to, named by the trace with its values.
    assert r.trace
    ended = geneva.simulate(strategies={"ru": Walker()}, rounds=10)
    assert ended.agreement is None and ended.ended_by is not None


def test_the_engine_holds_a_python_strategy_to_the_rules(parley, geneva):
    _, _, Reckless = make_classes(parley)
    with pytest.raises(parley.DataError, match="offered package 1000000000"):
        geneva.simulate(strategies={"ru": Reckless()})

    class Half(parley.Strategy):
        def respond(self, state, offer):
            return True

    with pytest.raises(TypeError, match="must define propose"):
        geneva.simulate(strategies={"ua": Half()})
    with pytest.raises(ValueError, match="'xx' is not a party"):
        Steady = make_classes(parley)[0]
        geneva.simulate(strategies={"xx": Steady()})


def test_an_exception_in_a_strategy_reaches_the_caller(parley, geneva):
    class Broken(parley.Strategy):
        def propose(self, state):
            raise RuntimeError("my bug")

        def respond(self, state, offer):
            return False

    with pytest.raises(RuntimeError, match="my bug"):
        geneva.simulate(strategies={"ru": Broken()})


def test_the_negotiation_view(parley, geneva):
    seen = {}

    class Look(parley.Strategy):
        def begin(self, n):
            seen["n"] = n

        def propose(self, state):
            return None

        def respond(self, state, offer):
            return False

    geneva.simulate(strategies={"ua": Look()}, rounds=5)
    n = seen["n"]
    assert n.party == "ua" and n.issues == ("territory", "security", "sequencing")
    assert n.packages == len(n._utility)
    values = n.values(n.best)
    assert set(values) == set(n.issues) and isinstance(values["sequencing"], str)
    assert all(n.acceptable(p) for p in n.ladder)
    assert [n.utility(p) for p in n.ladder] == sorted(n.utility(p) for p in n.ladder)


@pytest.mark.parametrize("threads", [1, 2])
def test_python_strategies_in_a_tournament(parley, threads):
    Steady, Walker, _ = make_classes(parley)
    t = parley.tournament([CHICKEN, GENEVA], strategies=["boulware", Steady(0.55), Walker()], repetitions=2,
                          rounds=30, threads=threads)
    assert [s.strategy for s in t.strategies] == ["boulware", "Steady", "walker"]
    walker = t.strategies[2]
    assert walker.agreement.mean == 0
    assert t.to_dict()["parley"]["options"]["strategies"] == "boulware,Steady,walker"
    # Results do not depend on the threads (each player a copy of the instance).
    again = parley.tournament([CHICKEN, GENEVA], strategies=["boulware", Steady(0.55), Walker()], repetitions=2,
                              rounds=30, threads=1)
    assert again.to_dict() == t.to_dict()
