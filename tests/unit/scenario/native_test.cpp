// GENIUS domains and scorable games written as parley scenarios (docs/genius.md, "As a scenario"): written as
// YAML and read back, every package has the same utilities (divided by the profile's weight sum) and the same
// acceptance as in the domain itself.
#include "scenario/native.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <numeric>

#include "../genius_dir.hpp"
#include "analysis/space.hpp"
#include "doc/node.hpp"
#include "scenario/build.hpp"
#include "scenario/load.hpp"

namespace parley::scenario {
namespace {

namespace fs = std::filesystem;

std::optional<genius::Domain> read_dir(const fs::path& dir) {
  return test::read_genius_dir(dir);
}

// The scenario written as YAML and read back, as `parley convert` then any task does.
Scenario round_trip(const Scenario& s) {
  const std::string text = doc::to_yaml(to_document(s));
  Diagnostics diags;
  auto back = load_text(text, "converted.yaml", {}, diags);
  EXPECT_TRUE(back) << (diags.all().empty() ? "" : format_diagnostic(diags.all().front())) << "\n" << text;
  return back ? *back : Scenario{};
}

// Every package of `domain` (at most `max` of them, evenly spread) has the same acceptance in both spaces, and
// utilities in the ratio of each profile's weight sum.
void expect_same(const analysis::Space& domain, const analysis::Space& scenario, const genius::Domain& d,
                 const std::string& name) {
  ASSERT_EQ(domain.parties.size(), scenario.parties.size()) << name;
  ASSERT_EQ(domain.issues.size(), scenario.issues.size()) << name;
  for (const auto& package : analysis::sample_packages(domain, 20000)) {
    EXPECT_EQ(domain.agreeable(package), scenario.agreeable(package)) << name;
    for (std::size_t i = 0; i < domain.parties.size(); ++i) {
      const auto& w = d.profiles[i].weights;
      const double sum = std::accumulate(w.begin(), w.end(), 0.0);
      EXPECT_NEAR(domain.actors[domain.parties[i]].utility(package) / sum,
                  scenario.actors[scenario.parties[i]].utility(package), 1e-12)
          << name;
      EXPECT_EQ(domain.accepts(domain.parties[i], package), scenario.accepts(scenario.parties[i], package)) << name;
    }
  }
}

TEST(Native, EveryGeniusCaseRoundTripsThroughTheScenarioFormat) {
  int cases = 0;
  for (const auto& e : fs::directory_iterator(std::string(PARLEY_DATA_DIR) + "/genius/cases")) {
    const auto d = read_dir(e.path());
    ASSERT_TRUE(d) << e.path();
    Diagnostics diags;
    const auto s = scenario_of(*d, diags);
    ASSERT_TRUE(s) << e.path();
    const Scenario back = round_trip(*s);
    ASSERT_EQ(back.issues.size(), d->issues.size());
    for (std::size_t k = 0; k < d->issues.size(); ++k) {
      // A discrete GENIUS issue's items have no order; an integer or real issue's values do.
      EXPECT_EQ(back.issues[k].nominal(), d->issues[k].kind == genius::Issue::Kind::discrete);
      EXPECT_EQ(back.issues[k].options, d->issues[k].values);
    }
    expect_same(analysis::space_of(*d), analysis::space_of(back), *d, e.path().string());
    ++cases;
  }
  EXPECT_GE(cases, 10);
}

TEST(Native, AGameKeepsItsRuleAndItsCounts) {
  Diagnostics diags;
  const auto g = game::read(std::string(PARLEY_DATA_DIR) + "/games/base", diags);
  ASSERT_TRUE(g);
  const auto s = scenario_of(*g, diags);
  ASSERT_TRUE(s);
  const Scenario back = round_trip(*s);
  ASSERT_TRUE(back.decision);
  EXPECT_EQ(back.decision->parties, g->at_least);
  EXPECT_EQ(back.decision->vetoes, g->vetoes);
  const analysis::Space game_space = analysis::space_of(*g), scenario_space = analysis::space_of(back);
  expect_same(game_space, scenario_space, g->domain, "base");
  std::size_t passing = 0;
  for (const auto& package : analysis::sample_packages(scenario_space, 1000))
    passing += scenario_space.agreeable(package);
  EXPECT_EQ(passing, 55U);
}

TEST(Native, WeightsThatDoNotSumToOneAreWrittenAsSharesWithAWarning) {
  const auto d = read_dir(std::string(PARLEY_DATA_DIR) + "/genius/cases/sliders");
  ASSERT_TRUE(d);
  Diagnostics diags;
  ASSERT_TRUE(scenario_of(*d, diags));
  ASSERT_FALSE(diags.all().empty());
  EXPECT_NE(diags.all().front().message.find("its weights sum to 1.1"), std::string::npos)
      << diags.all().front().message;
}

// A game party whose scores never change accepts every deal (an indifferent actor) or none (no scenario form); one
// whose minimum is out of reach accepts none: both said, located, instead of a file that does not read back.
TEST(Native, PartiesThatAcceptEveryPackageOrNoneAreWrittenOrRefused) {
  const std::string config = "Alpha, alpha, p1\nBeta, beta, p2\nGamma, gamma, player\n";
  const std::string moving = "1, 2\n3, 1\n2\n";
  auto read = [&](const std::string& gamma) {
    Diagnostics diags;
    std::map<std::string, game::Text> files;
    for (const auto& [id, text] :
         std::map<std::string, std::string>{{"alpha", moving}, {"beta", moving}, {"gamma", gamma}})
      files.emplace(id, game::Text{"scores_files/" + id + ".txt", text, {}});
    auto g = game::read_texts("inline", game::Text{"config.txt", config, {}}, files, diags);
    EXPECT_TRUE(g) << (diags.all().empty() ? "" : format_diagnostic(diags.all().front()));
    return g;
  };
  {
    const auto g = read("5, 5\n5, 5\n10\n");  // always 10, minimum 10: accepts everything
    Diagnostics diags;
    const auto s = scenario_of(*g, diags);
    ASSERT_TRUE(s);
    const Scenario back = round_trip(*s);
    EXPECT_FALSE(back.actors[2].no_deal);
    EXPECT_EQ(back.actors[2].stances[0].salience.central(), 0);
  }
  for (const std::string gamma : {"5, 5\n5, 5\n11\n", "1, 2\n3, 1\n20\n"}) {  // never reaches its minimum
    const auto g = read(gamma);
    Diagnostics diags;
    EXPECT_FALSE(scenario_of(*g, diags)) << gamma;
    ASSERT_EQ(diags.error_count(), 1U);
    EXPECT_NE(format_diagnostic(diags.all().back()).find("accepts no"), std::string::npos)
        << format_diagnostic(diags.all().back());
  }
}

// An item without a name, or values written alike, cannot name a scenario's options: refused, located.
TEST(Native, OptionsThatCannotBeNamedAreRefused) {
  const std::string domain = R"(<negotiation_template>
<utility_space>
<objective index="0" name="root" type="objective">
<issue index="1" name="Colour" type="discrete">
<item index="1" value=""/>
<item index="2" value="blue"/>
</issue>
</objective>
</utility_space>
</negotiation_template>
)";
  const std::string profile = R"(<utility_space>
<objective index="0" name="root" type="objective">
<issue index="1" name="Colour" type="discrete">
<item index="1" value="" evaluation="2"/>
<item index="2" value="blue" evaluation="4"/>
</issue>
<weight index="1" value="1"/>
</objective>
</utility_space>
)";
  Diagnostics diags;
  const auto d = genius::read_texts({"d.xml", domain}, {{"p1.xml", profile}, {"p2.xml", profile}}, diags);
  ASSERT_TRUE(d) << (diags.all().empty() ? "" : format_diagnostic(diags.all().front()));
  EXPECT_FALSE(scenario_of(*d, diags));
  ASSERT_EQ(diags.error_count(), 1U);
  EXPECT_EQ(format_diagnostic(diags.sorted().back()),
            "d.xml:4:2: error: cannot write issue 'Colour' as a scenario: its value 1 has no name, and a scenario "
            "names its options");
}

}  // namespace
}  // namespace parley::scenario
