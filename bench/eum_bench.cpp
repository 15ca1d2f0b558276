// Expected-utility model benchmark: 1,000 actors x 10 rounds must run in under 0.5 s, 10,000 actors x 10 rounds
// in under 30 s and 2 GiB (docs/design/eum.md). Actors are generated deterministically. (main: load_bench.cpp)
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "forecast/eum.hpp"

namespace {

using parley::forecast::EumInput;
using parley::forecast::EumOptions;

// `kind` 0: uniform positions, capabilities and saliences; 1: every salience 0.5 (P alone decides each pair's
// direction, the hardest case for the bounds); 2: positions on a grid of 101 points (many ties).
EumInput generate(int actors, int kind) {
  std::mt19937_64 rng(20260301);
  std::uniform_real_distribution<double> unit(0, 1);
  EumInput in;
  in.min = 0;
  in.max = 100;
  for (int i = 0; i < actors; ++i) {
    parley::forecast::EumActor a;
    a.position = 100 * unit(rng);
    a.capability = unit(rng);
    a.salience = unit(rng);
    if (kind == 1) a.salience = 0.5;
    if (kind == 2) a.position = std::round(a.position);
    in.actors.push_back(a);
  }
  return in;
}

void BM_Eum(benchmark::State& state) {
  const EumInput in = generate(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)));
  EumOptions options;
  options.variant = state.range(2) == 0 ? EumOptions::Variant::scholz : EumOptions::Variant::bdm;
  std::size_t rounds = 0, moves = 0;
  for (auto _ : state) {
    const auto result = parley::forecast::run_eum(in, options);
    rounds = result.rounds.size() - 1;
    moves = 0;
    for (const auto& r : result.rounds) moves += r.moves.size();
    benchmark::DoNotOptimize(result.forecast);
  }
  state.counters["rounds"] = static_cast<double>(rounds);
  state.counters["moves"] = static_cast<double>(moves);
}

// args: actors, kind, variant (0 scholz, 1 bdm); 10 rounds (the default)
BENCHMARK(BM_Eum)
    ->Args({1000, 0, 0})
    ->Args({1000, 1, 0})
    ->Args({1000, 2, 0})
    ->Args({1000, 0, 1})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Eum)->Args({10000, 0, 0})->Args({10000, 1, 0})->Iterations(1)->Unit(benchmark::kSecond);

// The floor of the exact model at 10^5 distinct positions (docs/design/eum.md, "Complexity"): each round needs a
// logarithm of every distance between positions and an exponential for every voter and position, 10^10 of each.
// This times one logarithm and one exponential of the model's form, exp(r log d), on one thread, over a row of
// 4,096 distances (in cache, as the model's rows are): items per second is the pairs a core can power.
void BM_PowerFloor(benchmark::State& state) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> unit(0, 1);
  std::vector<double> d(4096), out(4096);
  for (double& x : d) x = unit(rng);
  const double r = 0.7;
  for (auto _ : state) {
    for (std::size_t i = 0; i < d.size(); ++i) out[i] = std::exp(r * std::log(d[i]));
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(d.size()));
}
BENCHMARK(BM_PowerFloor);

}  // namespace
