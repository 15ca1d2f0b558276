#!/usr/bin/env python3
"""Writes a random KTAB-format CSV scenario (like tests/data/ktab/synth_a*_d3.csv) for scaling runs of
the spatial model. Usage: make_ktab_csv.py ACTORS ISSUES SEED."""
import random
import sys

actors, issues, seed = (int(a) for a in sys.argv[1:4])
rng = random.Random(seed)
print(f"synth_a{actors}_d{issues},random scenario for scaling runs,{actors},{issues}")
print("Actor,Description,Power," + ",".join(f"Pos{k + 1},Sal{k + 1}" for k in range(issues)))
for a in range(actors):
    sal = [rng.random() for _ in range(issues)]
    total = sum(sal) / rng.uniform(0.5, 1.0)  # saliences sum to at most 100
    cells = []
    for k in range(issues):
        cells += [f"{rng.uniform(0, 100):.1f}", f"{100 * sal[k] / total:.1f}"]
    print(f"A{a:03d},actor {a},{rng.uniform(10, 100):.1f}," + ",".join(cells))
