#include "scenario/import.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "../test_support.hpp"
#include "scenario/load.hpp"

namespace parley::scenario {
namespace {

const std::string kKtab = std::string(PARLEY_DATA_DIR) + "/ktab/";

Scenario load_ok(const std::string& path, const LoadOptions& options = {}) {
  Diagnostics d;
  auto s = load_file(path, options, d);
  EXPECT_TRUE(s.has_value()) << test::messages(d);
  return s.value_or(Scenario{});
}

TEST(Import, KtabCsvDerivesIdsAndKeepsNumbers) {
  const Scenario s = load_ok(kKtab + "dummyData_3Dim.csv");
  EXPECT_EQ(s.format, InputFormat::ktab_csv);
  EXPECT_EQ(s.title, "DummyData_3Dim");
  ASSERT_EQ(s.issues.size(), 3u);
  EXPECT_EQ(s.issues[0].id, "pstn1");
  EXPECT_EQ(s.issues[0].name, "Pstn1");
  ASSERT_EQ(s.actors.size(), 7u);
  EXPECT_EQ(s.actors[0].id, "sactor_00");
  EXPECT_EQ(s.actors[0].name, "SActor-00");
  EXPECT_DOUBLE_EQ(s.actors[0].capability.central(), 102.543);
  EXPECT_DOUBLE_EQ(s.actors[2].stance_on(2)->position.central(), 0.07);
  EXPECT_DOUBLE_EQ(s.actors[6].stance_on(2)->salience.central(), 26.03);
}

TEST(Import, EveryKtabFileLoads) {
  for (const char* name : {"SOE-Competitive.csv", "SOE-Pol-Comp.csv", "SOE-Policy.csv", "dummyData-a040.csv",
                           "dummyData_6Dim.csv", "synth_a25_d3.csv", "synth_a50_d3.csv", "smpExample_fixed.xml"}) {
    SCOPED_TRACE(name);
    const Scenario s = load_ok(kKtab + name);
    EXPECT_GE(s.actors.size(), 5u);
  }
}

// <ModelParameters>, <prngSeed> and <IdealAdjustment> become the scenario's `models: smp:`, by parley's names and
// actor ids.
TEST(Import, KtabXmlModelParametersBecomeModelSettings) {
  Diagnostics d;
  const auto s = load_file(kKtab + "smpExample_fixed.xml", {}, d);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->actors[1].id, "bob");
  EXPECT_DOUBLE_EQ(s->actors[1].stance_on(1)->position.central(), 61.4);
  EXPECT_TRUE(d.all().empty()) << test::messages(d);
  ASSERT_TRUE(s->models.smp);
  const SmpSettings& m = *s->models.smp;
  const std::array<std::string, 9> expected{
      "linear", "prop-cubic", "markov-incentive", "stochastic", "mid", "one-third", "semi", "s2p2", "initiator"};
  EXPECT_EQ(m.value, expected);
  EXPECT_EQ(m.seed, std::optional<std::uint64_t>(3507583219545544127ULL));  // "03507583219545544127"
  // <IdealAdjustment>'s six <iaPair>s, by actor index: bob's ideal moves 0.07 toward alice's position.
  ASSERT_EQ(m.ideals.size(), 6u);
  EXPECT_EQ(m.ideals[2].actor, 1u);
  EXPECT_EQ(m.ideals[2].toward, 0u);
  EXPECT_DOUBLE_EQ(m.ideals[2].rate, 0.07);
}

TEST(Import, KtabXmlBadModelParameterIsLocated) {
  Diagnostics d;
  const std::string xml =
      "<Scenario><name>t</name><ModelParameters>\n<VotingRule>Proportional</VotingRule>"
      "</ModelParameters><Dimensions><dName>D</dName></Dimensions><Actors><Actor><name>A</name>"
      "<capability>1</capability><Position><dCoord>1</dCoord></Position><Salience><dSal>1</dSal>"
      "</Salience></Actor><Actor><name>B</name><capability>1</capability><Position><dCoord>2"
      "</dCoord></Position><Salience><dSal>1</dSal></Salience></Actor></Actors></Scenario>";
  EXPECT_FALSE(load_text(xml, "p.xml", {}, d));
  const std::string all = test::messages(d);
  EXPECT_NE(all.find("p.xml:2:2: error: expected 'Binary', 'PropBin', 'Prop'"), std::string::npos) << all;
  EXPECT_NE(all.find("has no <VictoryProbModel>"), std::string::npos) << all;
}

TEST(Import, BdmTableScalesSaliences) {
  const std::string text = "Actor,Capability,Position,Salience\nLabour (pro-euro),1.0,8,0.40\nTechnocrats,0.1,10,0.4\n";
  LoadOptions options;
  options.csv.scale = {{1.0, 10.0}};
  options.csv.salience_max = 1;
  Diagnostics d;
  const auto s = load_text(text, "emu.csv", options, d);
  ASSERT_TRUE(s) << test::messages(d);
  EXPECT_EQ(s->format, InputFormat::bdm_csv);
  EXPECT_EQ(s->issues[0].id, "emu");
  EXPECT_EQ(s->issues[0].min, 1);
  EXPECT_EQ(s->actors[0].id, "labour_pro_euro");
  EXPECT_DOUBLE_EQ(s->actors[0].stance_on(0)->salience.central(), 40);
}

TEST(Import, BadCellsAreLocatedInTheCsv) {
  const std::string text = "T,desc,2,1\nActor,Desc,Power,P1,S1\nA,x,abc,50,50\nB,y,1,150,50\n";
  Diagnostics d;
  EXPECT_FALSE(load_text(text, "k.csv", {}, d));
  EXPECT_EQ(test::messages(d),
            "k.csv:3:5: error: expected a number or a distribution for 'capability', found the text 'abc'\n"
            "k.csv:4:7: error: expected 'position' in [0, 100], found 150\n");
}

}  // namespace
}  // namespace parley::scenario
