#!/usr/bin/env bash
# Rewrites the expected outputs of the golden tests from the current binary. Review `git diff` like code.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
ninja -C "$build" parley
python3 "$root/tests/cli/run_golden.py" --parley "$build/parley" --root "$root" --update
