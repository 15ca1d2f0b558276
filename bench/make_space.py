#!/usr/bin/env python3
"""Writes a benchmark scenario: ISSUES issues of VALUES grid values each, PARTIES parties with linear
(tent) utilities at seeded random positions and saliences. Usage: make_space.py ISSUES VALUES PARTIES SEED."""
import random
import sys

issues, values, parties, seed = (int(a) for a in sys.argv[1:5])
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
        print(f"      i{k}: {{position: {rng.randint(0, values - 1)}, salience: {rng.randint(10, 100)}}}")
