// Loading benchmark (issue 2): a scenario of 1,000 actors x 20 issues must load in under 0.5 s.
// The scenario is generated here, deterministically, in YAML and in JSON, and loaded from memory and from disk.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "doc/node.hpp"
#include "parley/services.hpp"
#include "scenario/build.hpp"
#include "scenario/load.hpp"

namespace {

// A scenario with `actors` actors holding stances on all `issues` issues, every tenth number a distribution.
parley::doc::Node generate(int actors, int issues) {
  using parley::doc::Node;
  std::mt19937_64 rng(20260226);
  std::uniform_real_distribution<double> unit(0, 100);
  Node root = Node::make_mapping();
  root.set("parley", Node::make_number(1));
  root.set("title", Node::make_string("Synthetic " + std::to_string(actors) + " x " + std::to_string(issues)));
  Node issue_list = Node::make_sequence();
  for (int k = 0; k < issues; ++k) {
    Node issue = Node::make_mapping();
    issue.set("id", Node::make_string("issue_" + std::to_string(k)));
    issue.set("name", Node::make_string("Issue " + std::to_string(k)));
    issue_list.push(std::move(issue));
  }
  root.set("issues", std::move(issue_list));
  Node actor_list = Node::make_sequence();
  for (int a = 0; a < actors; ++a) {
    Node actor = Node::make_mapping();
    actor.set("id", Node::make_string("actor_" + std::to_string(a)));
    actor.set("name", Node::make_string("Actor " + std::to_string(a)));
    actor.set("capability", Node::make_number(std::round(unit(rng) * 100) / 100));
    Node stances = Node::make_mapping();
    for (int k = 0; k < issues; ++k) {
      Node stance = Node::make_mapping();
      const double p = std::round(unit(rng) * 100) / 100;
      if ((a + k) % 10 == 0) {
        Node params = Node::make_sequence();
        params.push(Node::make_number(p));
        params.push(Node::make_number(5));
        Node dist = Node::make_mapping();
        dist.set("normal", std::move(params));
        stance.set("position", std::move(dist));
      } else {
        stance.set("position", Node::make_number(p));
      }
      stance.set("salience", Node::make_number(std::round(unit(rng) * 100) / 100));
      stance.set("reservation", Node::make_number(std::round(unit(rng) * 100) / 100));
      stances.set("issue_" + std::to_string(k), std::move(stance));
    }
    actor.set("stances", std::move(stances));
    actor_list.push(std::move(actor));
  }
  root.set("actors", std::move(actor_list));
  return root;
}

void load_from_memory(benchmark::State& state, bool json) {
  const auto tree = generate(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)));
  const std::string text = json ? parley::doc::to_json(tree) : parley::doc::to_yaml(tree);
  const std::string name = json ? "bench.json" : "bench.yaml";
  for (auto _ : state) {
    parley::Diagnostics diags;
    auto s = parley::scenario::load_text(text, name, {}, diags);
    if (!s) state.SkipWithError("generated scenario did not load");
    benchmark::DoNotOptimize(s);
  }
  state.counters["bytes"] = static_cast<double>(text.size());
  state.counters["stances"] = static_cast<double>(state.range(0) * state.range(1));
}

void BM_LoadYaml(benchmark::State& state) {
  load_from_memory(state, false);
}
void BM_LoadJson(benchmark::State& state) {
  load_from_memory(state, true);
}

// The whole service call from a file: read, parse, validate, hash.
void BM_ServiceLoadYamlFile(benchmark::State& state) {
  const auto tree = generate(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)));
  const auto path = std::filesystem::temp_directory_path() / "parley_bench_load.yaml";
  std::ofstream(path) << parley::doc::to_yaml(tree);
  for (auto _ : state) {
    auto loaded = parley::services::load(path.string(), {});
    if (!loaded.scenario) state.SkipWithError("generated scenario did not load");
    benchmark::DoNotOptimize(loaded);
  }
  std::filesystem::remove(path);
}

}  // namespace

BENCHMARK(BM_LoadYaml)->Args({100, 20})->Args({1000, 20})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LoadJson)->Args({100, 20})->Args({1000, 20})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ServiceLoadYamlFile)->Args({1000, 20})->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
