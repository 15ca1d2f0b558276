#!/usr/bin/env bash
# Runs parley's whole test suite: a Release build (warnings as errors) with every test, then an
# AddressSanitizer + UndefinedBehaviorSanitizer build running the unit and golden tests again.
# Set PARLEY_SKIP_SANITIZERS=1 to run only the Release pass.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
jobs=$(nproc 2>/dev/null || echo 2)

echo "== Release build"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DPARLEY_WERROR=ON >/dev/null
cmake --build build -j "$jobs"
ctest --test-dir build --output-on-failure -j "$jobs"

if [ "${PARLEY_SKIP_SANITIZERS:-0}" != 1 ]; then
  echo "== ASan + UBSan build"
  # Without MPI: LeakSanitizer would report Open MPI's own allocations. The sweep's distributed logic runs
  # here all the same, over the unit tests' cluster of threads.
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DPARLEY_SANITIZE=ON -DPARLEY_BUILD_BENCH=OFF \
        -DPARLEY_WERROR=ON -DPARLEY_WITH_MPI=OFF >/dev/null
  cmake --build build-asan -j "$jobs"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure -j "$jobs"
fi
