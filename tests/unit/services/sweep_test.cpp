// `sweep`: Monte Carlo over the scenario's uncertain numbers (docs/models.md §7).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "../test_support.hpp"
#include "doc/node.hpp"
#include "parley/error.hpp"
#include "parley/services.hpp"
#include "services/detail.hpp"

namespace parley::services {
namespace {

const std::string kGeneva = std::string(PARLEY_SOURCE_DIR) + "/examples/geneva.yaml";

Loaded from_text(const std::string& name, const std::string& yaml) {
  const auto path = (test::scratch_dir("sweep_test") / name).string();
  std::ofstream(path) << yaml;
  return load(path, {});
}

std::unique_ptr<doc::Node> json(const std::string& text) {
  Diagnostics diags;
  return doc::parse_json(text, nullptr, diags);
}

// `--quantiles auto` keeps every draw while they fit under the limit and nothing else needs them.
TEST(Sweep, SummarisesAsItDrawsPastTheLimitOfKeptValues) {
  SweepOptions o;
  o.draws = 1'000'000;
  std::size_t asked = 0;
  const auto outputs = [&](std::size_t n) {
    return [&asked, n] {
      ++asked;
      return n;
    };
  };
  EXPECT_FALSE(detail::summarised_as_drawn(o, outputs(100)));  // 1e8 values: still kept
  EXPECT_TRUE(detail::summarised_as_drawn(o, outputs(101)));
  EXPECT_EQ(asked, 2U);
  o.quantiles = "exact";  // then refused at the first draw
  EXPECT_FALSE(detail::summarised_as_drawn(o, outputs(1000)));
  o.quantiles = "sketch";
  EXPECT_TRUE(detail::summarised_as_drawn(o, outputs(1)));
  EXPECT_EQ(asked, 2U);  // no draw computed to decide
  o.quantiles = "auto";
  o.format = OutputFormat::csv;  // prints every draw
  EXPECT_FALSE(detail::summarised_as_drawn(o, outputs(1000)));
  o.format = OutputFormat::json;
  o.sensitivity = true;  // correlates every draw's values
  EXPECT_FALSE(detail::summarised_as_drawn(o, outputs(1000)));
  o.sensitivity = false;
  o.keep_draws = true;  // stores them
  EXPECT_FALSE(detail::summarised_as_drawn(o, outputs(1000)));
  EXPECT_EQ(asked, 2U);
}

// A run that keeps no draw says so, and gives the counts and shares the exact run gives; what needs every draw
// is refused.
TEST(Sweep, SketchedRunsSayHowTheirQuantilesWereMadeAndRefuseWhatNeedsTheDraws) {
  const Loaded loaded = load(kGeneva, {});
  SweepOptions o;
  o.draws = 400;
  o.seed = 3;
  o.format = OutputFormat::json;
  o.quantiles = "exact";
  const Swept exact = sweep(loaded, o, Control{});
  o.quantiles = "sketch";
  const Swept sketched = sweep(loaded, o, Control{});
  ASSERT_TRUE(exact.result && sketched.result);
  EXPECT_EQ(exact.result->quantile_error, 0);
  EXPECT_GT(sketched.result->quantile_error, 0);
  EXPECT_EQ(exact.output.find("\"method\": \"sketch\""), std::string::npos);
  EXPECT_NE(sketched.output.find("\"relative_error\""), std::string::npos);
  ASSERT_EQ(exact.result->outputs.size(), sketched.result->outputs.size());
  for (std::size_t j = 0; j < exact.result->outputs.size(); ++j) {
    const auto &e = exact.result->outputs[j], &s = sketched.result->outputs[j];
    ASSERT_EQ(e.path, s.path);
    EXPECT_EQ(e.count, s.count) << e.path;
    EXPECT_EQ(e.shares, s.shares) << e.path;
    EXPECT_NEAR(e.mean, s.mean, 1e-12 * (1 + std::fabs(e.mean))) << e.path;
    EXPECT_LE(std::fabs(e.q50 - s.q50), sketched.result->quantile_error * std::fabs(e.q50)) << e.path;
  }
  o.format = OutputFormat::text;
  EXPECT_NE(sweep(loaded, o).find("Quantiles from a sketch (no draw kept)"), std::string::npos);
  EXPECT_THROW((void)render(*sketched.result, OutputFormat::csv), OptionError);
  o.format = OutputFormat::csv;
  EXPECT_THROW((void)sweep(loaded, o), OptionError);
  o.format = OutputFormat::json;
  o.sensitivity = true;
  EXPECT_THROW((void)sweep(loaded, o), OptionError);
  o.sensitivity = false;
  o.vary = {"actors.ru.capability=60..100:3"};
  EXPECT_THROW((void)sweep(loaded, o), OptionError);
  o.vary.clear();
  o.quantiles = "median";
  EXPECT_THROW((void)sweep(loaded, o), OptionError);
}

TEST(Sweep, OutputIsIdenticalForAnyThreadCount) {
  const Loaded loaded = load(kGeneva, {});
  SweepOptions o;
  o.draws = 300;
  o.seed = 7;
  o.forecast.issue = "territory";
  o.format = OutputFormat::json;
  o.threads = 1;
  const std::string one = sweep(loaded, o);
  o.threads = 2;
  EXPECT_EQ(sweep(loaded, o), one);
  o.threads = 3;
  EXPECT_EQ(sweep(loaded, o), one);
  o.seed = 8;
  EXPECT_NE(sweep(loaded, o), one);
}

// Geneva's uncertain numbers are its actors' and issues'; its graph model reads none of them, so a stability sweep
// gives the same results in every draw and says so. Its analyze sweep does not.
TEST(Sweep, SaysWhenNoUncertainInputMovesTheAnalysis) {
  const Loaded loaded = load(kGeneva, {});
  SweepOptions o;
  o.draws = 30;
  o.analysis = "stability";
  o.format = OutputFormat::json;
  auto d = json(sweep(loaded, o));
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->find("every_draw_the_same")->boolean);
  o.format = OutputFormat::text;
  EXPECT_NE(sweep(loaded, o).find("Every draw gave the same results: none of the 34 uncertain inputs moves this "
                                  "analysis (stability)."),
            std::string::npos);
  o.analysis = "analyze";
  o.format = OutputFormat::json;
  d = json(sweep(loaded, o));
  ASSERT_TRUE(d);
  EXPECT_FALSE(d->find("every_draw_the_same")->boolean);
}

TEST(Sweep, AUniformPositionGivesItsMeanAndQuantiles) {
  // Only `a` carries weight (b's capability is 0), so the weighted mean is a's position: U(60, 100), with
  // mean 80, sd 40/sqrt(12) and quantiles 60 + 40 q.
  const Loaded loaded = from_text("uniform.yaml", R"(parley: 1
title: one uniform position
issues: [{id: x, scale: [0, 100]}]
actors:
  - {id: a, capability: 1, stances: {x: {position: {uniform: [60, 100]}, salience: 50}}}
  - {id: b, capability: 0, stances: {x: {position: 20, salience: 50}}}
)");
  SweepOptions o;
  o.analysis = "analyze";
  o.draws = 4000;
  o.format = OutputFormat::json;
  const auto r = json(sweep(loaded, o));
  const doc::Node& mean = *r->find("outputs")->find("issues.x.weighted_mean");
  const double se = mean.find("se")->number;
  EXPECT_NEAR(se, 40 / std::sqrt(12.0) / std::sqrt(4000.0), 0.05);
  EXPECT_NEAR(mean.find("mean")->number, 80, 4 * se);
  EXPECT_NEAR(mean.find("sd")->number, 40 / std::sqrt(12.0), 0.5);
  // A quantile's standard error is sqrt(q (1 - q) / n) / density = 40 sqrt(q (1 - q) / n); allow 4 of them.
  for (const auto& [key, q] : std::vector<std::pair<std::string, double>>{
           {"q05", 0.05}, {"q25", 0.25}, {"q50", 0.5}, {"q75", 0.75}, {"q95", 0.95}}) {
    EXPECT_NEAR(mean.find(key)->number, 60 + 40 * q, 4 * 40 * std::sqrt(q * (1 - q) / 4000)) << key;
  }
  EXPECT_EQ(r->find("parley")->find("draws")->number, 4000);
  EXPECT_EQ(r->find("inputs")->items.size(), 1U);
}

TEST(Sweep, SensitivityFindsTheOnlyInputThatMatters) {
  const Loaded loaded = from_text("sensitivity.yaml", R"(parley: 1
title: one input matters
issues: [{id: x, scale: [0, 100]}]
actors:
  - {id: a, capability: 1, stances: {x: {position: {uniform: [60, 100]}, salience: {uniform: [40, 60]}}}}
  - {id: b, capability: 0, stances: {x: {position: 20, salience: 50}}}
)");
  SweepOptions o;
  o.analysis = "analyze";
  o.draws = 1000;
  o.sensitivity = true;
  o.format = OutputFormat::json;
  const auto r = json(sweep(loaded, o));
  const doc::Node* mean = nullptr;
  for (const auto& s : r->find("sensitivity")->items) {
    if (s.find("output")->text == "issues.x.weighted_mean") mean = &s;
  }
  ASSERT_NE(mean, nullptr);
  EXPECT_DOUBLE_EQ(mean->find("base")->number, 80);
  const auto& first = mean->find("tornado")->items.front();
  EXPECT_EQ(first.find("input")->text, "actors.a.stances.x.position");
  EXPECT_DOUBLE_EQ(first.find("low")->number, 62);  // 60 + 0.05 x 40
  EXPECT_DOUBLE_EQ(first.find("high")->number, 98);
  EXPECT_EQ(mean->find("tornado")->items[1].find("swing")->number, 0);  // the salience moves nothing
  const auto& share = mean->find("variance_shares")->items.front();
  EXPECT_EQ(share.find("input")->text, "actors.a.stances.x.position");
  EXPECT_GT(share.find("share")->number, 0.95);
}

TEST(Sweep, VaryRunsAGridOfValues) {
  const Loaded loaded = from_text("vary.yaml", R"(parley: 1
title: a grid
issues: [{id: x, scale: [0, 100]}]
actors:
  - {id: a, capability: 1, stances: {x: {position: {uniform: [60, 100]}, salience: 50}}}
  - {id: b, capability: {uniform: [0, 2]}, stances: {x: {position: 20, salience: 50}}}
)");
  SweepOptions o;
  o.analysis = "analyze";
  o.draws = 0;
  o.vary = {"actors.a.stances.x.position=60..100:5", "actors.b.capability=0..1:2"};
  o.format = OutputFormat::json;
  const auto r = json(sweep(loaded, o));
  const auto& grid = r->find("grid")->items;
  ASSERT_EQ(grid.size(), 10U);  // the first axis varies slowest
  for (std::size_t g = 0; g < grid.size(); ++g) {
    const std::size_t row = g / 2;  // each position twice, once per value of the second axis
    const double position = 60 + 10 * static_cast<double>(row), b = static_cast<double>(g % 2);
    EXPECT_EQ(grid[g].find("values")->find("actors.a.stances.x.position")->number, position);
    EXPECT_EQ(grid[g].find("values")->find("actors.b.capability")->number, b);
    // Weighted by capability x salience (equal saliences): (position + 20 b) / (1 + b).
    EXPECT_NEAR(grid[g].find("outputs")->find("issues.x.weighted_mean")->find("mean")->number,
                (position + 20 * b) / (1 + b), 1e-9);
  }
  // With draws, every point uses the same draws of the other inputs (common random numbers): pinning a
  // number at the value it has anyway reproduces the plain run exactly.
  o.draws = 50;
  o.vary = {"actors.b.stances.x.salience=50..50:1"};
  const auto pinned = json(sweep(loaded, o));
  o.vary.clear();
  const auto plain = json(sweep(loaded, o));
  EXPECT_EQ(doc::to_json(*pinned->find("grid")->items[0].find("outputs")), doc::to_json(*plain->find("outputs")));
  for (const char* bad : {"actors.a.capability", "actors.zz.capability=1..2:3", "actors.a.capability=1..x:3",
                          "actors.a.capability=1..2:0", "actors.a.capability=1..2"}) {
    o.vary = {bad};
    EXPECT_THROW((void)sweep(loaded, o), UsageError) << bad;
  }
}

TEST(Sweep, AReplayedDrawEqualsThatDraw) {
  const Loaded loaded = load(kGeneva, {});
  SweepOptions o;
  o.analysis = "analyze";
  o.draws = 40;
  o.seed = 3;
  o.format = OutputFormat::csv;
  const std::string all = sweep(loaded, o);
  for (const std::size_t k : {0UL, 17UL, 39UL}) {
    o.replay = k;
    const std::string one = sweep(loaded, o);
    // The replay's rows (after the header) are exactly draw k's rows of the full run.
    std::string rows;
    std::istringstream in(all);
    for (std::string line; std::getline(in, line);) {
      if (line.rfind(std::to_string(k) + ",", 0) == 0) rows += line + "\n";
    }
    EXPECT_EQ(one, "draw,output,value\n" + rows) << k;
  }
}

TEST(Sweep, AnOptionThatNoDrawCouldMeetIsNotBlamedOnADraw) {
  const Loaded loaded = load(kGeneva, {});
  SweepOptions o;
  o.draws = 10;
  o.forecast.issue = "borders";
  try {
    (void)sweep(loaded, o);
    FAIL() << "an unknown issue was accepted";
  } catch (const OptionError& e) {
    // The library names the option; the command line spells it as its flag.
    EXPECT_EQ(e.option(), "issue");
    EXPECT_EQ(std::string(e.what()), "issue borders: no such issue; expected 'territory', 'security' or 'sequencing'");
    EXPECT_EQ(e.spelled("--"), "--issue borders: no such issue; expected 'territory', 'security' or 'sequencing'");
  }
}

TEST(Sweep, RefusesWhatCannotBeSwept) {
  const Loaded loaded = load(kGeneva, {});
  SweepOptions o;
  o.draws = 10;
  o.replay = 10;
  EXPECT_THROW((void)sweep(loaded, o), UsageError);
  o.replay.reset();
  o.analyze.timeline = true;
  o.analysis = "analyze";
  EXPECT_THROW((void)sweep(loaded, o), UsageError);
  o.analyze.timeline = false;
  o.analysis = "simulate";
  EXPECT_THROW((void)sweep(loaded, o), UsageError);
  const Loaded eum = load(std::string(PARLEY_SOURCE_DIR) + "/examples/eum-uk-emu.yaml", {});
  o.analysis = "stability";
  EXPECT_THROW((void)sweep(eum, o), DataError);
}

}  // namespace
}  // namespace parley::services

namespace parley::services {
namespace {

// Every share a sweep prints lies in [0, 1], each output's shares sum to 1, and no output counts more draws
// than were run: for all three analyses, on every example they apply to (a statement that decides several
// ranking steps once printed a share of 1.8e17).
TEST(SweepProperty, EveryShareIsAProbabilityAndEveryCountADrawCount) {
  constexpr std::size_t kDraws = 60;
  int outputs_checked = 0;
  for (const std::string name : {"geneva", "chicken", "prisoners-dilemma", "eum-uk-emu", "ktab-dummy-3dim"}) {
    const Loaded loaded = load(std::string(PARLEY_SOURCE_DIR) + "/examples/" + name + ".yaml", {});
    ASSERT_TRUE(loaded.scenario) << name;
    for (const std::string analysis : {"analyze", "forecast", "stability"}) {
      if (analysis == "stability" ? !loaded.scenario->conflict : loaded.scenario->issues.empty()) continue;
      SweepOptions o;
      o.draws = kDraws;
      o.seed = 3;
      o.analysis = analysis;
      o.format = OutputFormat::json;
      const auto tree = json(sweep(loaded, o));
      ASSERT_TRUE(tree) << name << " " << analysis;
      const doc::Node* outputs = tree->find("outputs");
      ASSERT_NE(outputs, nullptr) << name << " " << analysis;
      for (const auto& [path, summary] : outputs->entries) {
        const std::string where = name + " " + analysis + ": " + path.text;
        // The draws where the output is a number, and the shares of its categories (`absent` among them).
        double total = 0;
        if (const doc::Node* count = summary.find("count"); count != nullptr) {
          EXPECT_LE(count->number, static_cast<double>(kDraws)) << where;
          total = count->number / static_cast<double>(kDraws);
        }
        const doc::Node* p = summary.find("p");
        if (p == nullptr) continue;
        for (const auto& [category, share] : p->entries) {
          EXPECT_GE(share.number, 0) << where << " " << category.text;
          EXPECT_LE(share.number, 1) << where << " " << category.text;
          total += share.number;
        }
        EXPECT_NEAR(total, 1, 1e-9) << where;
        ++outputs_checked;
      }
    }
  }
  EXPECT_GT(outputs_checked, 100);
}

}  // namespace
}  // namespace parley::services
