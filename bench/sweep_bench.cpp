// Monte Carlo benchmarks (issue 6): draws of the Geneva expected-utility forecast (every issue, 10 rounds),
// through the same services call as `parley sweep`, on 1 and 2 threads. The target is 100,000 draws
// in under 10 s on 2 cores; 10,000 are timed here and the rate scales linearly with the draws.
#include <benchmark/benchmark.h>

#include <string>

#include "parley/services.hpp"

namespace {

using namespace parley;

void BM_SweepGenevaForecast(benchmark::State& state) {
  const auto loaded = services::load(std::string(PARLEY_SOURCE_DIR) + "/examples/geneva.yaml", {});
  services::SweepOptions o;
  o.draws = static_cast<std::size_t>(state.range(0));
  o.threads = static_cast<unsigned>(state.range(1));
  o.format = OutputFormat::json;
  std::size_t bytes = 0;
  for (auto _ : state) bytes = services::sweep(loaded, o).size();
  state.counters["draws_per_s"] =
      benchmark::Counter(static_cast<double>(o.draws), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["json_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_SweepGenevaForecast)
    ->ArgNames({"draws", "threads"})
    ->Args({10000, 1})
    ->Args({10000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
