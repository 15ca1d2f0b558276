#!/usr/bin/env bash
# Runs clang-tidy (.clang-tidy) over every C++ source of parley that a build compiles: src/, apps/, tests/ and
# bench/ (generated sources excluded). Exits non-zero on any warning. Uses a clang configuration of its own
# (build-tidy, configured only: clang-tidy needs the compile commands, not the objects).
#
#   scripts/tidy.sh [--jobs J] [FILE...]     FILE: a subset, as paths from the repository's root
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
jobs=$(nproc 2>/dev/null || echo 2)
files=()
while [ $# -gt 0 ]; do
  case "$1" in
    --jobs) jobs=$2; shift 2 ;;
    *) files+=("$1"); shift ;;
  esac
done
build=${PARLEY_TIDY_BUILD:-build-tidy}
# With MPI, as the Release build: apps/cli/mpi.cpp is checked (no_mpi.cpp, its 30-line stand-in, is not).
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
      >/dev/null
if [ ${#files[@]} -eq 0 ]; then
  mapfile -t files < <(python3 - "$build/compile_commands.json" "$root" <<'PY'
import json, os, sys
root = sys.argv[2]
for entry in json.load(open(sys.argv[1])):
    path = os.path.relpath(entry["file"], root)
    if path.split(os.sep)[0] in ("src", "apps", "tests", "bench"):
        print(path)
PY
)
fi
log="$build/tidy.log"
status=0
printf '%s\n' "${files[@]}" | sort -u |
  xargs -P "$jobs" -n 4 clang-tidy -p "$build" --quiet --extra-arg=-Wno-unknown-warning-option >"$log" \
    2>"$build/tidy.stderr" || status=$?
# A header's warning comes once per source that includes it: count each place once.
found=$({ grep -E '^[^ ].*:[0-9]+:[0-9]+: (warning|error):' "$log" || true; } | sort -u)
warnings=$(printf '%s' "$found" | grep -c . || true)
if [ "$warnings" -gt 0 ]; then
  printf '%s\n' "$found" | sed "s|^$root/||" | awk 'NR <= 200'
  echo "tidy: $warnings warnings in ${#files[@]} files (the whole output: $log)"
  exit 1
fi
# Warnings leave clang-tidy's status at 0; anything else (a file it could not parse, a crash, no clang-tidy) is a
# failure of the gate, never a pass.
if [ "$status" -ne 0 ]; then
  tail -n 20 "$build/tidy.stderr"
  echo "tidy: clang-tidy failed (xargs status $status); see $build/tidy.stderr"
  exit 1
fi
echo "tidy: ${#files[@]} files, no warnings"
