#!/usr/bin/env python3
"""A random input in Decide's file layout for the exchange model's benchmarks: N actors, M issues on [0, 100],
positions on a grid of 5 (as surveys give them), saliences in [0.05, 1], one power per actor; seeded.

    python3 bench/exchange/make_decide.py N M [SEED] > FILE.csv
"""
import random
import sys


def main():
    n, m = int(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    lines = [f"'#A'\t'a{i}'\t'Actor {i}'\t''" for i in range(n)]
    for k in range(m):
        lines += [f"'#P'\t'i{k}'\t'i{k}'\t'Issue {k}'", f"'#M'\t'i{k}'\t0", f"'#M'\t'i{k}'\t100"]
    for i in range(n):
        power = round(rng.uniform(0.01, 1), 3)
        for k in range(m):
            lines.append(f"'#D'\t'a{i}'\t'i{k}'\t{5 * rng.randint(0, 20)}\t{round(rng.uniform(0.05, 1), 2)}\t{power}")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
