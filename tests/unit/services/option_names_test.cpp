// Names, not indices (issue 20, item 2): on a discrete issue every value the JSON of analyze and forecast gives
// is an option's name, and a mean of option indices is never given. Walks the documents rather than picking a
// few fields, so that a value added later without a name fails here.
#include <gtest/gtest.h>

#include <set>

#include "../test_support.hpp"
#include "doc/node.hpp"
#include "parley/services.hpp"

namespace parley::services {
namespace {

using doc::Kind;
using doc::Node;

const std::string kRoot = std::string(PARLEY_SOURCE_DIR);

Node parsed(const std::string& json) {
  Diagnostics diags;
  auto node = doc::parse_json(json, test::file("out.json"), diags);
  EXPECT_TRUE(node) << test::messages(diags);
  return node ? *node : Node::make_null();
}

const Node& at(const Node& n, std::initializer_list<std::string_view> path) {
  static const Node null = Node::make_null();
  const Node* p = &n;
  for (const auto key : path) {
    p = p->find(std::string(key));
    if (p == nullptr) return null;
  }
  return *p;
}

// A value of a discrete issue: an option's name.
void expect_option(const Node& n, const std::set<std::string>& options, const std::string& where) {
  ASSERT_EQ(n.kind, Kind::string) << where << " is not named";
  EXPECT_TRUE(options.count(n.text)) << where << " = '" << n.text << "' is no option";
}

std::set<std::string> options_of(const Scenario& s, const std::string& issue) {
  for (const auto& i : s.issues)
    if (i.id == issue) return {i.options.begin(), i.options.end()};
  return {};
}

TEST(OptionNames, AnalyzeNamesEveryValueOfADiscreteIssue) {
  for (const std::string file : {"/tests/scenarios/analyze/ties.yaml", "/examples/geneva.yaml"}) {
    const Loaded loaded = load(kRoot + file, {});
    AnalyzeOptions o;
    o.format = OutputFormat::json;
    const Node d = parsed(analyze(loaded, o));
    std::size_t discrete = 0;
    for (const auto& issue : at(d, {"issues"}).items) {
      const std::string id = at(issue, {"id"}).text;
      const auto options = options_of(*loaded.scenario, id);
      if (options.empty()) continue;
      ++discrete;
      const std::string where = file + " " + id;
      EXPECT_EQ(at(issue, {"weighted_mean"}).kind, Kind::null) << where;
      EXPECT_EQ(at(issue, {"spread", "sd"}).kind, Kind::null) << where;
      expect_option(at(issue, {"weighted_median"}), options, where + " median");
      expect_option(at(issue, {"spread", "lowest"}), options, where + " lowest");
      expect_option(at(issue, {"spread", "highest"}), options, where + " highest");
      for (const auto& [actor, interval] : at(issue, {"intervals"}).entries) {
        expect_option(at(interval, {"low"}), options, where + " " + actor.text + " low");
        expect_option(at(interval, {"high"}), options, where + " " + actor.text + " high");
      }
      if (at(issue, {"zopa", "exists"}).boolean) {
        expect_option(at(issue, {"zopa", "low"}), options, where + " zopa low");
        expect_option(at(issue, {"zopa", "high"}), options, where + " zopa high");
      }
      for (const auto& f : at(issue, {"farthest"}).items) expect_option(at(f, {"position"}), options, where + " far");
      // The weight at each option replaces the mean: every option, shares summing to 1.
      double total = 0;
      for (const auto& [option, share] : at(issue, {"option_weights"}).entries) {
        EXPECT_TRUE(options.count(option.text)) << where;
        total += share.number;
      }
      EXPECT_NEAR(total, 1, 1e-12) << where;
      EXPECT_EQ(at(issue, {"option_weights"}).entries.size(), options.size()) << where;
    }
    EXPECT_GT(discrete, 0u) << file;
  }
}

TEST(OptionNames, ShowNamesStancesOnADiscreteIssue) {
  const Loaded loaded = load(kRoot + "/examples/geneva.yaml", {});
  ShowOptions o;
  o.format = OutputFormat::json;
  const Node d = parsed(show(loaded, o));
  const auto options = options_of(*loaded.scenario, "sequencing");
  std::size_t seen = 0;
  for (const auto& actor : at(d, {"actors"}).items) {
    for (const auto& st : at(actor, {"stances"}).items) {
      if (at(st, {"issue"}).text != "sequencing") continue;
      // Geneva's positions there are distributions: the central value is named, the parameters stay positions.
      const Node& position = at(st, {"position"});
      expect_option(position.kind == Kind::mapping ? at(position, {"value"}) : position, options, "position");
      for (const auto& end : at(st, {"acceptable"}).items) expect_option(end, options, "acceptable");
      ++seen;
    }
  }
  EXPECT_EQ(seen, 4u);
}

TEST(OptionNames, ForecastNamesEveryValueOfADiscreteIssue) {
  const Loaded loaded = load(kRoot + "/examples/geneva.yaml", {});
  ForecastOptions o;
  o.format = OutputFormat::json;
  const Node d = parsed(forecast(loaded, o));
  const auto options = options_of(*loaded.scenario, "sequencing");
  std::size_t seen = 0;
  for (const auto& run : at(d, {"issues"}).items) {
    if (at(run, {"issue"}).text != "sequencing") continue;
    for (const auto& r : at(run, {"rounds"}).items) {
      const std::string where = "round " + std::to_string(static_cast<int>(at(r, {"round"}).number));
      expect_option(at(r, {"median"}), options, where + " median");
      EXPECT_EQ(at(r, {"mean"}).kind, Kind::null) << where;
      for (const auto& [actor, x] : at(r, {"positions"}).entries) expect_option(x, options, where + " " + actor.text);
      for (const auto& m : at(r, {"moves"}).items) expect_option(at(m, {"to"}), options, where + " move");
      ++seen;
    }
    expect_option(at(run, {"forecast"}), options, "forecast");
    expect_option(at(run, {"end", "low"}), options, "end low");
    expect_option(at(run, {"end", "high"}), options, "end high");
  }
  EXPECT_GT(seen, 1u);
  // The spatial model too: positions and the forecast by name.
  o.model = "smp";
  const Node smp = parsed(forecast(loaded, o));
  expect_option(at(smp, {"forecast", "sequencing"}), options, "smp forecast");
  for (const auto& r : at(smp, {"rounds"}).items) {
    for (const auto& [actor, point] : at(r, {"positions"}).entries)
      expect_option(at(point, {"sequencing"}), options, "smp " + actor.text);
  }
}

}  // namespace
}  // namespace parley::services
