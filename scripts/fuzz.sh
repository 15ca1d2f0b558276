#!/usr/bin/env bash
# Builds parley's libFuzzer targets (tests/fuzz, clang with ASan and UBSan) and runs each one.
#
#   scripts/fuzz.sh [--seconds S | --runs N] [--seed K] [--jobs J] [--max-len B] [--build DIR] [TARGET...]
#
# --seconds S  run each target for S seconds (CI: a short run of every target on every submission)
# --runs N     run each target for N executions (a long campaign: --runs 10000000)
# --seed K     libFuzzer's random seed (default: a new one each run). With --runs, a fixed seed and a fresh work
#              folder make the run the same every time: scripts/test.sh seeds it from the commit
# --jobs J     targets run J at a time (default: the number of cores)
# --max-len B  longest input libFuzzer makes, in bytes (default 65536; a long campaign runs faster at 4096,
#              with the larger seeds cut to that length)
# --build DIR  use DIR, a build already configured with -DPARLEY_FUZZ=ON (scripts/test.sh passes its sanitizer
#              build); by default build-fuzz is configured here, optimised, without the tests
# TARGET       a subset (default: every target in tests/fuzz/CMakeLists.txt)
#
# Each target starts from its seeds, gathered from the repository (examples, good and bad scenarios, the test
# data, tests/fuzz/corpus/TARGET, and the regression inputs of past findings in tests/fuzz/regressions/TARGET),
# and keeps what it learns in build-fuzz/work/TARGET/corpus, so a later run goes on from there. A finding
# (crash, leak, sanitizer report, timeout, out of memory) is written to build-fuzz/work/TARGET/ and fails the
# run. One line per target gives executions, coverage and corpus size; the last line counts targets passed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
seconds=""
runs=""
given_build=""
max_len=65536
seed=0
jobs=$(nproc 2>/dev/null || echo 2)
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --build) given_build=$2; shift 2 ;;
    --max-len) max_len=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 64 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[ -n "$seconds" ] || [ -n "$runs" ] || seconds=60
if [ ${#targets[@]} -eq 0 ]; then
  read -r -a targets <<<"$(sed -n '/^set(PARLEY_FUZZ_TARGETS/,/)/p' tests/fuzz/CMakeLists.txt |
                           sed 's/^set(PARLEY_FUZZ_TARGETS//; s/)//' | tr '\n' ' ')"
fi

if [ -n "$given_build" ]; then
  build=$given_build
else
  build=build-fuzz
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ -DPARLEY_FUZZ=ON \
        -DPARLEY_BUILD_TESTS=OFF -DPARLEY_BUILD_BENCH=OFF -DPARLEY_WITH_MPI=OFF >/dev/null
fi
cmake --build "$build" --target "${targets[@]/#/fuzz_}"

# The seeds of each target: which repository files a reader is meant for.
seeds() {
  case "$1" in
    scenario_yaml) ls examples/*.yaml tests/scenarios/good/*.yaml tests/scenarios/bad/*.yaml tests/scenarios/*/*.yaml ;;
    scenario_json) ls tests/scenarios/good/*.json tests/scenarios/bad/*.json ;;
    ktab_csv) ls tests/data/ktab/*.csv tests/scenarios/bad/*.csv ;;
    bdm_csv) ls examples/*.csv tests/scenarios/bad/bdm-*.csv tests/scenarios/*/*.csv tests/data/ktab/dummyData_3Dim.csv ;;
    decide_csv) ls tests/scenarios/decide/*.csv tests/scenarios/bad/decide-*.csv ;;
    ktab_xml) ls tests/data/ktab/*.xml tests/scenarios/bad/*.xml ;;
    genius_xml) ;;  # joined files: see below
    gmcr) ls tests/data/gmcr/*.gmcr tests/scenarios/gmcr/*.gmcr ;;
    *) ;;
  esac 2>/dev/null || true
}

# A GENIUS seed is a domain and its profiles joined by `@@profile` lines (tests/fuzz/genius_xml.cpp).
genius_seeds() {
  local out=$1 n=0 dir
  for dir in tests/data/genius/*/* tests/scenarios/genius/*; do
    [ -d "$dir" ] || continue
    local domain
    domain=$(grep -l -i -E '<negotiation_template|<utility_space' "$dir"/*.xml 2>/dev/null |
             xargs -r grep -L -i '<weight' | head -n 1)
    [ -n "$domain" ] || continue
    {
      cat "$domain"
      for p in "$dir"/*.xml; do
        [ "$p" = "$domain" ] && continue
        printf '\n@@profile\n'
        cat "$p"
      done
    } >"$out/seed-$n.xml"
    n=$((n + 1))
  done
}

dict_of() {
  case "$1" in
    scenario_yaml|scenario_json|timeline|gmcr) echo tests/fuzz/dict/scenario.dict ;;
    site_*|sweep_outputs) echo tests/fuzz/dict/json.dict ;;
    ktab_xml|genius_xml) echo tests/fuzz/dict/xml.dict ;;
    ktab_csv|bdm_csv|decide_csv) echo tests/fuzz/dict/csv.dict ;;
    expression) echo tests/fuzz/dict/expr.dict ;;
    sweep_summaries) echo tests/fuzz/dict/sweep_summaries.dict ;;
  esac
}

run_one() {
  local t=$1 work="$build/work/$1"
  mkdir -p "$work/corpus" "$work/seeds"
  rm -f "$work/seeds"/*
  local f
  for f in $(seeds "$t"); do [ -f "$f" ] && cp "$f" "$work/seeds/"; done
  [ "$t" = genius_xml ] && genius_seeds "$work/seeds"
  for d in tests/fuzz/corpus/$t tests/fuzz/regressions/$t; do
    [ -d "$d" ] && find "$d" -maxdepth 1 -type f -exec cp {} "$work/seeds/" \;
  done
  local args=(-timeout=10 -rss_limit_mb=2560 -max_len="$max_len" -print_final_stats=1 -artifact_prefix="$work/")
  [ -n "$(dict_of "$t")" ] && args+=(-dict="$(dict_of "$t")")
  if [ -n "$runs" ]; then args+=(-runs="$runs"); else args+=(-max_total_time="$seconds"); fi
  [ "$seed" != 0 ] && args+=(-seed="$seed")
  local status=0
  "$build/fuzz_$t" "${args[@]}" "$work/corpus" "$work/seeds" >"$work/log" 2>&1 || status=$?
  local execs cov ft corpus
  execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$work/log" | awk '{print $2}' | tail -n 1)
  cov=$(grep -oE '(DONE|pulse|NEW|REDUCE|INITED) +cov: [0-9]+' "$work/log" | awk '{print $NF}' | sort -n | tail -n 1)
  ft=$(grep -oE 'ft: [0-9]+' "$work/log" | awk '{print $2}' | sort -n | tail -n 1)
  corpus=$(find "$work/corpus" -type f | wc -l)
  if [ "$status" -eq 0 ]; then
    printf 'fuzz %-18s ok      %12s executions  cov %6s  ft %7s  corpus %6s\n' "$t" "${execs:-?}" "${cov:-?}" "${ft:-?}" \
      "$corpus" >"$work/summary"
  else
    {
      printf 'fuzz %-18s FAILED  %12s executions  (exit %s; see %s/log)\n' "$t" "${execs:-?}" "$status" "$work"
      { grep -a -E '==[0-9]+== ?ERROR|^SUMMARY|runtime error|what\(\)|Test unit written|^ +#[0-9]+ .* in parley::' \
          "$work/log" || true; } | awk 'NR <= 8 { print "    " $0 }'
    } >"$work/summary"
    return 1
  fi
}

export -f run_one seeds genius_seeds dict_of
export build seconds runs max_len seed
# Stacks for UBSan reports too; leaks are findings (ASan reports them at exit of each run).
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
failed=0
for t in "${targets[@]}"; do rm -f "$build/work/$t/summary"; done
printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_one "$1"' _ {} || failed=1
# One summary per target, in the targets' order (the runs finish in any order).
passed=0
bad=0
for t in "${targets[@]}"; do
  if [ -f "$build/work/$t/summary" ]; then
    cat "$build/work/$t/summary"
    if grep -q ' ok ' "$build/work/$t/summary"; then passed=$((passed + 1)); else bad=$((bad + 1)); fi
  else
    echo "fuzz $t: no result (the run did not finish)"
    bad=$((bad + 1))
  fi
done
echo "fuzz: $passed passed, $bad failed"
[ "$failed" -eq 0 ] && [ "$bad" -eq 0 ]
