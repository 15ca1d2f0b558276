#!/usr/bin/env python3
"""A strategy written in Python, played by parley and by NegMAS on the same GENIUS domain (docs/benchmarks.md,
"Python"): negotiations per second, side by side, medians of --runs.

The strategy is the same in both: a time-dependent aspiration (1 - 0.5 t, never below `floor`), offering the package
it values least among those at or above its aspiration (its packages sorted once by utility), accepting an offer
worth at least its aspiration. Both sides play it, on stacked alternating offers with a 100-round deadline.

  PYTHONPATH=build/python:NEGMAS/src:DIR_OF_STRINGCASE /usr/bin/python3 bench/negmas_bench.py \\
      --domain tests/data/genius/cases/holiday [--negotiations 200] [--runs 5]

NegMAS runs from its source tree (PYTHONPATH=src) with Debian's numpy, scipy, pandas, networkx, rich, typer, attr,
dill, psutil, inflect, cloudpickle, colorlog, plotly, pebble and sklearn, and the one-file `stringcase` module.
"""
import argparse
import bisect
import statistics
import time


def aspiration(t, floor):
    return max(floor, 1 - 0.5 * t)


def parley_run(domain, negotiations, rounds, floor):
    import parley

    class Aspire(parley.Strategy):
        def propose(self, state):
            return self.negotiation.at_least(aspiration(state.t, floor))

        def respond(self, state, offer):
            return self.negotiation.utility(offer) >= aspiration(state.t, floor)

    start = time.perf_counter()
    t = parley.tournament([domain], strategies=[Aspire()], repetitions=negotiations, rounds=rounds, threads=1)
    seconds = time.perf_counter() - start
    s = t.strategies[0]
    return seconds, t.negotiations, s.agreement.mean, s.round.mean


def negmas_run(domain, negotiations, rounds, floor):
    from negmas import ResponseType, SAOMechanism, SAONegotiator
    from negmas.inout import Scenario

    # Each party's packages sorted by its utility, normalised to its best (as GENIUS and parley do), computed once per
    # utility function and shared by every negotiation: parley too computes them once (in C++), so both sides time
    # the negotiations, not the set-up.
    ladders = {}

    def ladder(ufun, outcome_space):
        if id(ufun) not in ladders:
            outcomes = list(outcome_space.enumerate_or_sample())
            raw = [float(ufun(o)) for o in outcomes]
            best = max(raw)
            scored = sorted((u / best, k) for k, u in enumerate(raw))
            ladders[id(ufun)] = ([u for u, _ in scored], [outcomes[k] for _, k in scored],
                                 {outcomes[k]: u for u, k in scored})
        return ladders[id(ufun)]

    class Aspire(SAONegotiator):
        def on_preferences_changed(self, changes):
            super().on_preferences_changed(changes)
            self._utilities, self._ladder, self._u = ladder(self.ufun, self.nmi.outcome_space)

        def propose(self, state, dest=None):
            target = aspiration(state.relative_time, floor)
            k = bisect.bisect_left(self._utilities, target)
            return self._ladder[min(k, len(self._ladder) - 1)]

        def respond(self, state, source=None):
            offer = state.current_offer
            if offer is not None and self._u[offer] >= aspiration(state.relative_time, floor):
                return ResponseType.ACCEPT_OFFER
            return ResponseType.REJECT_OFFER

    scenario = Scenario.from_genius_folder(domain, ignore_discount=True)
    agreements, steps = 0, []
    start = time.perf_counter()
    for _ in range(negotiations):
        m = SAOMechanism(outcome_space=scenario.outcome_space, n_steps=rounds)
        for u in scenario.ufuns:
            m.add(Aspire(), preferences=u)
        m.run()
        agreements += m.agreement is not None
        steps.append(m.state.step)
    seconds = time.perf_counter() - start
    return seconds, negotiations, agreements / negotiations, statistics.mean(steps)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--domain", required=True)
    ap.add_argument("--negotiations", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=100)
    ap.add_argument("--floor", type=float, default=0.6)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    results = {"parley": [], "NegMAS": []}
    for _ in range(args.runs):  # interleaved, so that a drift in the machine's speed hits both
        results["parley"].append(parley_run(args.domain, args.negotiations, args.rounds, args.floor))
        results["NegMAS"].append(negmas_run(args.domain, args.negotiations, args.rounds, args.floor))
    print("| engine | negotiations | median seconds | negotiations/s | agreement share | mean rounds/steps |")
    print("|---|---|---|---|---|---|")
    for name, runs in results.items():
        seconds = statistics.median(r[0] for r in runs)
        n, agreement, rounds = runs[0][1], runs[0][2], runs[0][3]
        print(f"| {name} | {n} | {seconds:.3f} | {n / seconds:,.0f} | {agreement:.2f} | {rounds:.1f} |")
    ratio = statistics.median(n[0] / p[0] for p, n in zip(results["parley"], results["NegMAS"]))
    print(f"NegMAS / parley time, pair by pair (median): {ratio:.1f}x")


if __name__ == "__main__":
    main()
