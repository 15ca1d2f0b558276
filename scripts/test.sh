#!/usr/bin/env bash
# Runs parley's whole test suite, each pass sized to what it catches (docs/testing.md):
#   1. formatting: every C++ file as .clang-format writes it;
#   2. Release build (GCC, warnings as errors) and every test, browsers, PostgreSQL and the Python package (pytest
#      and the notebook) included; the package installed and imported as the README says;
#   3. the Debian package: built by CPack, unpacked with dpkg -x, its parley run on its Geneva example;
#   4. AddressSanitizer + UndefinedBehaviorSanitizer build (clang), the tests again, and a short run of every
#      libFuzzer target (the same build: tests/fuzz);
#   5. ThreadSanitizer build (clang, without Node.js's web bundles) and the tests whose code runs threads;
#   6. clang-tidy (.clang-tidy) on every source.
# PARLEY_SKIP_SANITIZERS=1 runs only 1-3; PARLEY_FUZZ_RUNS (default 100000) sets each fuzz target's executions.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
jobs=$(nproc 2>/dev/null || echo 2)

echo "== Formatting (.clang-format)"
mapfile -t sources < <(git ls-files '*.cpp' '*.hpp' '*.h')
if ! clang-format --dry-run --Werror "${sources[@]}" 2>/tmp/parley-format.$$; then
  head -n 40 /tmp/parley-format.$$
  echo "format: $(grep -c 'warning:' /tmp/parley-format.$$) lines differ from .clang-format; run: clang-format -i FILE"
  rm -f /tmp/parley-format.$$
  exit 1
fi
rm -f /tmp/parley-format.$$
echo "format: ${#sources[@]} files as .clang-format writes them"

echo "== Release build"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DPARLEY_WERROR=ON >/dev/null
cmake --build build -j "$jobs"
ctest --test-dir build --output-on-failure -j "$jobs"
if ls build/python/parley/_parley*.so >/dev/null 2>&1; then
  # The Python package as the README installs it, imported by a fresh interpreter with no PYTHONPATH.
  ./scripts/install-python.sh build
  (cd / && env -u PYTHONPATH python3 -c "import parley, sys; a = parley.load(sys.argv[1]).analyze(); \
    print('python: agreeable packages at Geneva:', a.to_dict()['packages']['agreeable'], \
          '; issues table:', a.to_pandas()['issues'].shape)" "$root/examples/geneva.yaml")
fi

echo "== Debian package"
./scripts/check-package.sh build

if [ "${PARLEY_SKIP_SANITIZERS:-0}" != 1 ]; then
  echo "== ASan + UBSan build (clang), with the fuzz targets"
  # Without MPI: LeakSanitizer would report Open MPI's own allocations. The sweep's distributed logic runs
  # here all the same, over the unit tests' cluster of threads.
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-g -O1" \
        -DCMAKE_CXX_COMPILER=clang++ -DPARLEY_FUZZ=ON -DPARLEY_BUILD_BENCH=OFF -DPARLEY_WERROR=ON \
        -DPARLEY_WITH_MPI=OFF >/dev/null
  cmake --build build-asan -j "$jobs"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure -j "$jobs"
  # A fixed number of executions from a seed taken from the commit: the same commit fuzzes the same way on any
  # machine (a fresh clone has no learnt corpus), so a finding here is reproducible and CI is never flaky;
  # each commit still explores new inputs.
  fuzz_seed=$(( 16#$(git rev-parse --short=7 HEAD 2>/dev/null || echo 1) ))
  rm -rf build-asan/work
  ./scripts/fuzz.sh --build build-asan --runs "${PARLEY_FUZZ_RUNS:-100000}" --seed "$fuzz_seed" --jobs "$jobs"

  echo "== ThreadSanitizer build (clang), without the web bundles: the tests whose code runs threads"
  # PARLEY_WEB=OFF: this build also shows that the library, the binary and the tests build without Node.js
  # (docs/install.md, "Without Node.js"); the goldens then check that the page is refused instead.
  cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-g -O1" \
        -DCMAKE_CXX_COMPILER=clang++ -DPARLEY_TSAN=ON -DPARLEY_BUILD_BENCH=OFF -DPARLEY_WERROR=ON \
        -DPARLEY_WITH_MPI=OFF -DPARLEY_WEB=OFF >/dev/null
  cmake --build build-tsan -j "$jobs"
  # parallel_for (analysis, stability, paths), sweeps and their cluster, long tasks stopped mid-step (Control),
  # tournaments, the site's group commit and
  # its HTTP pool (served to the API and durability tests), and the CLI's threaded commands (goldens).
  TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 ctest --test-dir build-tsan --output-on-failure -j "$jobs" \
    -R '^(Pareto|Nondominated|Smp|AnalysisLimits|SamplePackages|GeniusAnalysis|ConflictStability|ConflictPaths|ConflictExplain|GmcrFiles|GmcrReference|Stability|Sweep|LongRun|Control|Tournament|Simulate|Site|Host|Store|Services|Report|Collector|Summarise|Stream|Flatten)|^(cli_golden|serve_api|serve_durability|serve_abuse)$'

  echo "== clang-tidy"
  ./scripts/tidy.sh --jobs "$jobs"
fi
