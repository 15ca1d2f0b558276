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
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
      -DPARLEY_WITH_MPI=OFF >/dev/null
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
printf '%s\n' "${files[@]}" | sort -u |
  xargs -P "$jobs" -n 4 clang-tidy -p "$build" --quiet --extra-arg=-Wno-unknown-warning-option >"$log" 2>/dev/null || true
# A header's warning comes once per source that includes it: count each place once.
warnings=$(grep -E '^[^ ].*:[0-9]+:[0-9]+: (warning|error):' "$log" | sort -u | wc -l)
if [ "$warnings" -gt 0 ]; then
  grep -E '^[^ ].*:[0-9]+:[0-9]+: (warning|error):' "$log" | sort -u | sed "s|^$root/||" | head -n 200
  echo "tidy: $warnings warnings in ${#files[@]} files (the whole output: $log)"
  exit 1
fi
echo "tidy: ${#files[@]} files, no warnings"
