// Package-analysis benchmarks (issue 3): the frontier and all solutions on 10^6 packages (3 issues x 100
// values) for 2 and 3 parties, and on 10^8 packages (4 issues x 100 values) for 3 parties, against a
// side-by-side baseline that enumerates every package first (the approach of NegMAS's pareto_frontier).
// Scenarios are generated here from a fixed seed.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <random>
#include <string>

#include "analysis/analyze.hpp"
#include "analysis/pareto.hpp"
#include "analysis/solutions.hpp"
#include "analysis/space.hpp"
#include "scenario/genius.hpp"
#include "scenario/load.hpp"

namespace {

using namespace parley;

// `issues` issues with `values` grid values, `parties` parties with linear (tent) utilities at random
// positions and saliences; with `no_deal`, each party also needs at least that utility.
analysis::Space make_space(int issues, int values, int parties, double no_deal = 0) {
  std::mt19937_64 rng(20261126);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::string y = "parley: 1\ntitle: bench\nissues:\n";
  for (int k = 0; k < issues; ++k)
    y += "  - {id: i" + std::to_string(k) + ", scale: [0, " + std::to_string(values - 1) + "], step: 1}\n";
  y += "actors:\n";
  for (int a = 0; a < parties; ++a) {
    y += "  - id: p" + std::to_string(a) + "\n    capability: " + std::to_string(uniform(10, 100)) + "\n";
    if (no_deal > 0) y += "    no_deal: " + std::to_string(no_deal) + "\n";
    y += "    stances:\n";
    for (int k = 0; k < issues; ++k) {
      y += "      i" + std::to_string(k) + ": {position: " + std::to_string(uniform(0, values - 1)) +
           ", salience: " + std::to_string(uniform(10, 100)) + "}\n";
    }
  }
  Diagnostics diags;
  auto s = scenario::load_text(y, "bench.yaml", {}, diags);
  if (!s) throw std::runtime_error("benchmark scenario did not load");
  return analysis::space_of(*s);
}

analysis::AnalysisLimits limits(unsigned threads) {
  analysis::AnalysisLimits l;
  l.packages.threads = threads;
  return l;
}

// parley: block decomposition, frontier, solutions, agreeable count.
void BM_Analyze(benchmark::State& state) {
  const auto space = make_space(static_cast<int>(state.range(0)), 100, static_cast<int>(state.range(1)),
                                static_cast<double>(state.range(2)) / 100);
  const auto l = limits(static_cast<unsigned>(state.range(3)));
  std::size_t frontier = 0;
  for (auto _ : state) {
    const auto pa = analysis::analyze_packages(space, l);
    frontier = pa.frontier.points.size();
    benchmark::DoNotOptimize(pa.solutions.nash);
  }
  state.counters["packages"] = space.size();
  state.counters["frontier"] = static_cast<double>(frontier);
}
// issues, parties, no_deal (percent), threads
BENCHMARK(BM_Analyze)->Args({3, 2, 0, 1})->Args({3, 3, 0, 1})->Args({3, 3, 0, 2})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Analyze)->Args({4, 3, 0, 2})->Args({4, 3, 60, 2})->Unit(benchmark::kMillisecond)->Iterations(3);
// Many parties (issue 26): the frontier filter of 4+ coordinates.
BENCHMARK(BM_Analyze)->Args({3, 5, 0, 2})->Args({3, 7, 0, 2})->Unit(benchmark::kMillisecond)->Iterations(3);

// Baseline, side by side: evaluate every package's utilities, then filter the dominated ones and pick
// the solutions, as an enumerate-first tool does (one thread).
void BM_EnumerateBaseline(benchmark::State& state) {
  const auto space = make_space(static_cast<int>(state.range(0)), 100, static_cast<int>(state.range(1)));
  const std::size_t m = space.parties.size(), n = space.issues.size();
  std::size_t frontier = 0;
  for (auto _ : state) {
    std::vector<double> u;
    const auto total = static_cast<std::size_t>(space.size());
    u.reserve(total * m);
    std::vector<std::size_t> package(n, 0);
    for (std::size_t i = 0; i < total; ++i) {
      for (std::size_t p : space.parties) u.push_back(space.actors[p].utility(package));
      for (std::size_t k = n; k-- > 0;) {
        if (++package[k] < space.issues[k].values.size()) break;
        package[k] = 0;
      }
    }
    const auto keep = analysis::nondominated(u, m);
    frontier = keep.size();
    // Nash point over the frontier (disagreement 0).
    double best = -1;
    for (auto i : keep) {
      double prod = 1;
      for (std::size_t p = 0; p < m; ++p) prod *= u[i * m + p];
      best = std::max(best, prod);
    }
    benchmark::DoNotOptimize(best);
  }
  state.counters["packages"] = space.size();
  state.counters["frontier"] = static_cast<double>(frontier);
}
BENCHMARK(BM_EnumerateBaseline)->Args({3, 2})->Args({3, 3})->Unit(benchmark::kMillisecond);

}  // namespace

namespace {

// tests/data/genius/cases/power (390,625 outcomes, 2 parties), read once: frontier, solutions and count.
void BM_GeniusPower(benchmark::State& state) {
  const std::string dir = std::string(PARLEY_DATA_DIR) + "/genius/cases/power/";
  parley::Diagnostics diags;
  const auto domain =
      parley::genius::read(dir + "power_domain.xml", {dir + "power_buyer.xml", dir + "power_seller.xml"}, diags);
  if (!domain) {
    state.SkipWithError("the power domain is not readable");
    return;
  }
  const auto space = parley::analysis::space_of(*domain);
  std::size_t frontier = 0;
  for (auto _ : state) {
    const auto pa = parley::analysis::analyze_packages(space, limits(1));
    frontier = pa.frontier.points.size();
    benchmark::DoNotOptimize(pa.solutions.nash);
  }
  state.counters["packages"] = space.size();
  state.counters["frontier"] = static_cast<double>(frontier);
}
BENCHMARK(BM_GeniusPower)->Unit(benchmark::kMillisecond);

}  // namespace
