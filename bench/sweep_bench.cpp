// Monte Carlo benchmarks (issue 6): draws of the Geneva expected-utility forecast (every issue, 10 rounds),
// through the same services call as `parley sweep`, on 1 and 2 threads. The target is 100,000 draws
// in under 10 s on 2 cores; 10,000 are timed here and the rate scales linearly with the draws. Issue 18 adds the
// draws per second of the two other analyses a sweep runs (analyze with its package analysis, and the graph
// model), so that a change at the service boundary shows in each.
#include <benchmark/benchmark.h>

#include <string>

#include "parley/services.hpp"

namespace {

using namespace parley;

void sweep_geneva(benchmark::State& state, const char* analysis) {
  const auto loaded = services::load(std::string(PARLEY_SOURCE_DIR) + "/examples/geneva.yaml", {});
  services::SweepOptions o;
  o.analysis = analysis;
  o.draws = static_cast<std::size_t>(state.range(0));
  o.threads = static_cast<unsigned>(state.range(1));
  o.format = OutputFormat::json;
  std::size_t bytes = 0;
  for (auto _ : state) bytes = services::sweep(loaded, o).size();
  state.counters["draws_per_s"] =
      benchmark::Counter(static_cast<double>(o.draws), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["json_bytes"] = static_cast<double>(bytes);
}

void BM_SweepGenevaForecast(benchmark::State& state) {
  sweep_geneva(state, "forecast");
}
void BM_SweepGenevaAnalyze(benchmark::State& state) {
  sweep_geneva(state, "analyze");
}
void BM_SweepGenevaStability(benchmark::State& state) {
  sweep_geneva(state, "stability");
}
BENCHMARK(BM_SweepGenevaAnalyze)
    ->ArgNames({"draws", "threads"})
    ->Args({10000, 1})
    ->Args({10000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_SweepGenevaStability)
    ->ArgNames({"draws", "threads"})
    ->Args({10000, 1})
    ->Args({10000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_SweepGenevaForecast)
    ->ArgNames({"draws", "threads"})
    ->Args({10000, 1})
    ->Args({10000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
