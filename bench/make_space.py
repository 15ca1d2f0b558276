#!/usr/bin/env python3
"""Writes a benchmark scenario: ISSUES issues of VALUES grid values each, PARTIES parties with linear
(tent) utilities at seeded random positions and saliences. Usage: make_space.py ISSUES VALUES PARTIES SEED [K].
With K, every stance gets a reservation (acceptable within 40% to 90% of the scale of the position) and a package
passes when at least K of the parties accept it (a decision rule)."""
import random
import sys

issues, values, parties, seed = (int(a) for a in sys.argv[1:5])
rule = int(sys.argv[5]) if len(sys.argv) > 5 else None
rng = random.Random(seed)
print("parley: 1")
print(f"title: benchmark {issues} issues x {values} values, {parties} parties (seed {seed})")
print("issues:")
for k in range(issues):
    print(f"  - {{id: i{k}, scale: [0, {values - 1}], step: 1}}")
print("actors:")
for a in range(parties):
    print(f"  - id: p{a}")
    print(f"    capability: {rng.randint(10, 100)}")
    print("    stances:")
    for k in range(issues):
        position, salience = rng.randint(0, values - 1), rng.randint(10, 100)
        if rule is None:
            print(f"      i{k}: {{position: {position}, salience: {salience}}}")
            continue
        reach = round((values - 1) * rng.uniform(0.4, 0.9))
        reservation = position - reach if position - reach >= 0 else min(values - 1, position + reach)
        print(f"      i{k}: {{position: {position}, salience: {salience}, reservation: {reservation}}}")
if rule is not None:
    print(f"decision: {{parties: {rule}}}")
