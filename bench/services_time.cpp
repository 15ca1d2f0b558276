// The C++ side of bench/python_bench.py: the same services calls the Python package makes, timed in a C++ process
// (the scenario loaded once, as a Python caller does), so that the Python call's overhead is measured against the
// engine itself and not against a whole process.
//
//   parley_services_time SCENARIO TASK REPS [DRAWS THREADS]
//   TASK: analyze | eum | smp | sweep   prints one line: the median seconds of REPS runs, rendered as JSON
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "parley/services.hpp"

int main(int argc, char** argv) {
  using namespace parley;
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s SCENARIO TASK REPS [DRAWS THREADS]\n", argv[0]);
    return 64;
  }
  const std::string task = argv[2];
  const int reps = std::atoi(argv[3]);
  const auto loaded = services::load(argv[1], {});
  if (!loaded.scenario) return 65;
  std::vector<double> seconds;
  std::size_t bytes = 0;
  for (int r = 0; r < reps; ++r) {
    const auto start = std::chrono::steady_clock::now();
    if (task == "analyze") {
      bytes = services::render(services::analyze_result(loaded, {}), OutputFormat::json).size();
    } else if (task == "eum" || task == "smp") {
      services::ForecastOptions o;
      o.model = task;
      bytes = services::render(services::forecast_result(loaded, o), OutputFormat::json).size();
    } else if (task == "sweep") {
      services::SweepOptions o;
      o.draws = argc > 4 ? std::strtoull(argv[4], nullptr, 10) : 1000;
      o.threads = argc > 5 ? static_cast<unsigned>(std::atoi(argv[5])) : 0;
      o.format = OutputFormat::json;
      bytes = services::sweep(loaded, o, services::Control{}).output.size();
    } else {
      std::fprintf(stderr, "unknown task %s\n", task.c_str());
      return 64;
    }
    seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(seconds.begin(), seconds.end());
  std::printf("%.6f %zu\n", seconds[seconds.size() / 2], bytes);
  return 0;
}
