// Graph-model benchmarks (issue 5): every state and decision maker under Nash, GMR, SMR and SEQ on random
// conflicts of 12, 16 and 20 options (3,584 to 1,048,576 states), from a fixed seed. The conflicts are built here
// as scenario text and loaded like any file, so the timings include nothing the CLI would skip.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <random>
#include <stdexcept>
#include <string>

#include "conflict/model.hpp"
#include "conflict/paths.hpp"
#include "conflict/reach.hpp"
#include "conflict/simultaneous.hpp"
#include "conflict/stability.hpp"
#include "scenario/load.hpp"

namespace {

using namespace parley;

// `options` options split into `dms` contiguous blocks (o1.. for d1, ...), each decision maker with 4 to 6
// prioritization statements (conjunctions of 1 to 3 literals over any options), and `infeasible` patterns
// of three literals (each removes an eighth of the states).
std::string conflict_yaml(int options, int dms, int infeasible, unsigned seed) {
  std::mt19937_64 rng(seed);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  auto literal = [&] { return std::string(uniform(0, 1) ? "" : "not ") + "o" + std::to_string(uniform(1, options)); };
  auto conjunction = [&](int size) {
    std::string out = literal();
    for (int i = 1; i < size; ++i) out += " and " + literal();
    return out;
  };
  std::string y = "parley: 1\ntitle: bench\nissues: [{id: nominal}]\nactors:\n";
  for (int d = 1; d <= dms; ++d) {
    y += "  - {id: d" + std::to_string(d) + ", capability: 1, stances: {nominal: {position: 50, salience: 50}}}\n";
  }
  y += "conflict:\n  options:\n";
  for (int o = 1; o <= options; ++o) {
    y += "    - {id: o" + std::to_string(o) + ", actor: d" + std::to_string(1 + (o - 1) * dms / options) + "}\n";
  }
  y += "  infeasible: [";
  for (int i = 0; i < infeasible; ++i) y += std::string(i ? ", " : "") + "\"" + conjunction(3) + "\"";
  y += "]\n  preferences:\n";
  for (int d = 1; d <= dms; ++d) {
    y += "    d" + std::to_string(d) + ":\n";
    const int statements = uniform(4, 6);
    for (int j = 0; j < statements; ++j) y += "      - \"" + conjunction(uniform(1, 3)) + "\"\n";
  }
  return y;
}

Scenario load(int options, int dms, int infeasible) {
  Diagnostics diags;
  auto s = scenario::load_text(conflict_yaml(options, dms, infeasible, 20261126), "bench.yaml", {}, diags);
  if (!s) {
    for (const auto& d : diags.all()) std::fprintf(stderr, "%s\n", format_diagnostic(d).c_str());
    throw std::runtime_error("benchmark conflict did not load");
  }
  return *s;
}

// parley: the model (states, ranks) and the four concepts for every state and decision maker.
void BM_Stability(benchmark::State& state) {
  const Scenario s =
      load(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)), static_cast<int>(state.range(2)));
  conflict::StabilityOptions options;
  options.threads = static_cast<unsigned>(state.range(3));
  std::size_t equilibria = 0, states = 0;
  for (auto _ : state) {
    const auto m = conflict::Model::build(s);
    const auto st = conflict::analyse_stability(m, options);
    equilibria = st.equilibria(conflict::Concept::gmr).size();
    states = m.size();
  }
  state.counters["states"] = static_cast<double>(states);
  state.counters["gmr_equilibria"] = static_cast<double>(equilibria);
}
BENCHMARK(BM_Stability)
    ->ArgNames({"options", "dms", "infeasible", "threads"})
    ->Args({12, 2, 1, 1})
    ->Args({16, 3, 0, 1})  // the 65,536 states
    ->Args({16, 3, 0, 2})
    ->Args({16, 3, 1, 1})
    ->Args({20, 4, 0, 1})  // the "about 10^6": 1,048,576 states
    ->Args({20, 4, 0, 2})
    ->Args({20, 4, 1, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// One pass per decision maker on one thread, the model built outside the timing: SIM (simultaneous_stable) against
// SEQ's floor (min_reachable over the others' improvements), the pass the issue sets as SIM's cost class.
void BM_PassSim(benchmark::State& state) {
  const Scenario s =
      load(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)), static_cast<int>(state.range(2)));
  const auto m = conflict::Model::build(s);
  // The best move per state, as the analysis has it before the SIM pass (not timed).
  std::vector<std::vector<conflict::Rank>> best(m.dm_count());
  for (std::size_t k = 0; k < m.dm_count(); ++k) {
    best[k].assign(m.size(), conflict::kNoMove);
    for (conflict::State x = 0; x < m.size(); ++x) {
      m.for_each_move(k, x, [&](conflict::State t) {
        if (best[k][x] == conflict::kNoMove || m.rank(k, t) > best[k][x]) best[k][x] = m.rank(k, t);
      });
    }
  }
  std::size_t stable = 0;
  for (auto _ : state) {
    stable = 0;
    for (std::size_t k = 0; k < m.dm_count(); ++k) {
      const auto v = conflict::simultaneous_stable(m, k, best[k], 1e300, nullptr);
      stable += static_cast<std::size_t>(std::count(v.begin(), v.end(), std::uint8_t{1}));
    }
  }
  state.counters["states"] = static_cast<double>(m.size());
  state.counters["sim_stable"] = static_cast<double>(stable);
}

void BM_PassSeq(benchmark::State& state) {
  const Scenario s =
      load(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)), static_cast<int>(state.range(2)));
  const auto m = conflict::Model::build(s);
  for (auto _ : state) {
    for (std::size_t k = 0; k < m.dm_count(); ++k) {
      benchmark::DoNotOptimize(conflict::min_reachable(m, conflict::movers_except(m, k, true), {m.dm(k).rank}));
    }
  }
  state.counters["states"] = static_cast<double>(m.size());
}

// The same conflicts for both passes.
void pass_sizes(benchmark::internal::Benchmark* b) {
  b->ArgNames({"options", "dms", "infeasible"})
      ->Args({16, 2, 0})
      ->Args({16, 3, 0})
      ->Args({20, 4, 0})
      ->Args({20, 4, 1})
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
}
BENCHMARK(BM_PassSim)->Apply(pass_sizes);
BENCHMARK(BM_PassSeq)->Apply(pass_sizes);

}  // namespace
