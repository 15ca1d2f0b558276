// Simulation benchmark (issue 8): bilateral negotiations over 1,000 outcomes (3 issues of 10 values, random
// additive utilities as in NegMAS's benchmark domains), 100 rounds, time-dependent agents (Boulware, linear,
// Conceder, every pairing). Target: at least 100,000 negotiations per second per core, 1000x the 62 ms a
// negotiation takes in NegMAS on this machine (the issue's measurement). (main: load_bench.cpp)
#include <benchmark/benchmark.h>

#include <random>

#include "analysis/analyze.hpp"
#include "analysis/space.hpp"
#include "sim/outcomes.hpp"
#include "sim/tournament.hpp"

namespace {

using namespace parley;

analysis::Space domain(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0, 1);
  analysis::Space s;
  for (int k = 0; k < 3; ++k) {
    analysis::SpaceIssue issue;
    issue.id = "i" + std::to_string(k);
    for (int j = 0; j < 10; ++j) issue.values.push_back(j);
    s.issues.push_back(issue);
  }
  for (int a = 0; a < 2; ++a) {
    analysis::SpaceActor actor;
    actor.id = "p" + std::to_string(a);
    double total = 0;
    for (int k = 0; k < 3; ++k) total += actor.weight.emplace_back(unit(rng));
    for (auto& w : actor.weight) w /= total;
    for (int k = 0; k < 3; ++k) {
      auto& v = actor.value.emplace_back();
      for (int j = 0; j < 10; ++j) v.push_back(unit(rng));
      actor.excess.emplace_back();
      actor.reservation.emplace_back();
      actor.position.emplace_back();
    }
    s.actors.push_back(actor);
    s.parties.push_back(static_cast<std::size_t>(a));
  }
  return s;
}

void BM_TimeDependentNegotiations(benchmark::State& state) {
  const analysis::Space space = domain(20261202);
  const analysis::PackageAnalysis pa = analysis::analyze_packages(space, {});
  const sim::Outcomes o = sim::outcomes_of(space, pa, std::nullopt);
  const sim::Outcomes* scenarios[] = {&o};
  sim::TournamentOptions t;
  for (const char* n : {"boulware", "linear", "conceder"}) t.strategies.push_back(sim::parse_strategy(n));
  t.repetitions = static_cast<std::size_t>(state.range(0)) / 9;  // 9 pairings
  t.rounds = 100;
  t.threads = static_cast<unsigned>(state.range(1));
  std::size_t negotiations = 0;
  double agreement = 0;
  for (auto _ : state) {
    const auto r = sim::run_tournament(scenarios, t);
    negotiations += r.negotiations;
    agreement = r.scores[1].agreement.mean;
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(negotiations));
  state.counters["outcomes"] = static_cast<double>(o.count);
  state.counters["agreement_rate"] = agreement;
}
BENCHMARK(BM_TimeDependentNegotiations)
    ->Args({99000, 1})
    ->Args({99000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
