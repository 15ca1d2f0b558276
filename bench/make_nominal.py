#!/usr/bin/env python3
"""Writes a benchmark scenario of nominal issues: ISSUES issues of OPTIONS options each (`ordered: false`),
PARTIES parties whose stances value every option on its own (`values`, seeded random in [0, 1]) and accept a
random 80% of the options (`acceptable`). Usage: make_nominal.py ISSUES OPTIONS PARTIES SEED."""
import random
import sys

issues, options, parties, seed = (int(a) for a in sys.argv[1:5])
rng = random.Random(seed)
print("parley: 1")
print(f"title: benchmark {issues} nominal issues x {options} options, {parties} parties (seed {seed})")
print("issues:")
for k in range(issues):
    names = ", ".join(f"o{j}" for j in range(options))
    print(f"  - {{id: i{k}, options: [{names}], ordered: false}}")
print("actors:")
for a in range(parties):
    print(f"  - id: p{a}")
    print(f"    capability: {rng.randint(10, 100)}")
    print("    stances:")
    for k in range(issues):
        values = ", ".join(f"o{j}: {rng.randint(0, 1000) / 1000}" for j in range(options))
        accepted = ", ".join(f"o{j}" for j in sorted(rng.sample(range(options), max(1, round(0.8 * options)))))
        print(f"      i{k}: {{values: {{{values}}}, salience: {rng.randint(10, 100)}, acceptable: [{accepted}]}}")
