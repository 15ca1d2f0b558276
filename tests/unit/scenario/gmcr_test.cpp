#include "scenario/gmcr.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <random>
#include <sstream>

#include "../test_support.hpp"
#include "expr/expr.hpp"
#include "parley/error.hpp"
#include "parley/services.hpp"
#include "scenario/load.hpp"

namespace parley::scenario {
namespace {

const std::string kData = std::string(PARLEY_DATA_DIR) + "/gmcr/";
const std::string kCases = std::string(PARLEY_SOURCE_DIR) + "/tests/scenarios/gmcr/";

Scenario load_ok(const std::string& path, Diagnostics& d) {
  auto s = load_file(path, {}, d);
  EXPECT_TRUE(s.has_value()) << test::messages(d);
  EXPECT_EQ(d.error_count(), 0u);
  return s.value_or(Scenario{});
}

Scenario load_ok(const std::string& path) {
  Diagnostics d;
  return load_ok(path, d);
}

// Diagnostics of a text that must be refused; the file is called g.gmcr in them.
std::string refused(const std::string& text) {
  Diagnostics d;
  EXPECT_FALSE(load_text(text, "g.gmcr", {}, d).has_value());
  return test::messages(d);
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::size_t feasible_count(const Conflict& c) {
  std::size_t n = 0;
  for (std::uint64_t code = 0; code < (std::uint64_t{1} << c.options.size()); ++code) n += c.feasible(code) ? 1 : 0;
  return n;
}

std::string directions(const Conflict& c) {
  std::string out;
  for (const auto& o : c.options) out += std::string(out.empty() ? "" : " ") + std::string(direction_name(o.direction));
  return out;
}

std::vector<std::string> actor_names(const Scenario& s) {
  std::vector<std::string> out;
  for (const auto& a : s.actors) out.push_back(a.name);
  return out;
}

using Tiers = std::vector<std::vector<std::uint64_t>>;

// Expected values read from the JSON by hand; the feasible states counted independently (the infeasible conditions
// applied to all 2^n states), which gives gmcr-py's own count for each file too.
struct Expected {
  const char* file;
  std::size_t options;
  std::vector<std::string> decision_makers;
  std::size_t feasible;
  const char* directions;
};

TEST(Gmcr, EveryExampleLoadsAsAGraphModelOnly) {
  const std::vector<Expected> cases = {
      // 16 states less the 4 with both "Pay fees" and "Reroute fleet"; "Impound ships" is fwd.
      {"standoff.gmcr", 4, {"Port Authority", "Shipping League"}, 12, "take both both both"},
      // 32 less the 12 with "Close site" and "Extend hours" or "Comply"; fwd, back, both, fwd, both.
      {"landfill.gmcr", 5, {"Regulator", "Operator", "Town Council"}, 20, "take drop both take both"},
      {"reservoir.gmcr",
       9,
       {"State Agency", "Farm Lobby", "Downstream Towns", "River Board"},
       27,
       "both both both both both both both both both"},
      {"aquifer.gmcr",
       7,
       {"North Province", "South Province", "Basin Commission", "Farmers' Union"},
       40,
       "both both both both both both both"},
      {"dilemma.gmcr", 2, {"Suspect One", "suspect 2"}, 4, "both both"},
      // 8 less the 2 with both "Open sluice" and "Raise levy".
      {"canal_misperceived.gmcr", 3, {"Upstream", "Downstream"}, 6, "both both both"},
      {"canal.gmcr", 3, {"Upstream", "Downstream"}, 6, "both both both"},
  };
  for (const auto& e : cases) {
    SCOPED_TRACE(e.file);
    const Scenario s = load_ok(kData + e.file);
    EXPECT_EQ(s.format, InputFormat::gmcr);
    EXPECT_EQ(s.title + ".gmcr", e.file);
    EXPECT_TRUE(s.issues.empty());
    ASSERT_TRUE(s.conflict);
    const Conflict& c = *s.conflict;
    EXPECT_EQ(c.options.size(), e.options);
    EXPECT_EQ(actor_names(s), e.decision_makers);
    ASSERT_EQ(c.decision_makers.size(), e.decision_makers.size());
    for (std::size_t d = 0; d < c.decision_makers.size(); ++d) EXPECT_EQ(c.decision_makers[d].actor, d);
    for (const auto& a : s.actors) EXPECT_TRUE(a.stances.empty());
    EXPECT_EQ(feasible_count(c), e.feasible);
    EXPECT_EQ(directions(c), e.directions);
    EXPECT_FALSE(c.status_quo);
  }
}

TEST(Gmcr, IdsFollowTheSlugRule) {
  const Scenario reservoir = load_ok(kData + "reservoir.gmcr");
  std::vector<std::string> ids;
  for (const auto& o : reservoir.conflict->options) ids.push_back(o.id);
  // Two options are named "Full" and two "Partial" (the State Agency's and the River Board's): repeats get _2.
  EXPECT_EQ(ids, (std::vector<std::string>{"full", "partial", "delay", "lawsuit", "protest", "full_2", "partial_2",
                                           "inspect", "suspend"}));
  EXPECT_EQ(reservoir.conflict->options[5].label, "Full");
  EXPECT_EQ(reservoir.actors[2].id, "downstream_towns");
  const Scenario aquifer = load_ok(kData + "aquifer.gmcr");
  EXPECT_EQ(aquifer.actors[3].id, "farmers_union");  // "Farmers' Union"
  const Scenario dilemma = load_ok(kData + "dilemma.gmcr");
  EXPECT_EQ(dilemma.actors[0].id, "suspect_one");
  EXPECT_EQ(dilemma.actors[1].id, "suspect_2");
  EXPECT_EQ(dilemma.conflict->options[0].id, "keep_quiet_1");
  EXPECT_EQ(dilemma.conflict->options[1].id, "keep_quiet_2");  // "Keep Quiet 2"
}

TEST(Gmcr, OptionsKeepTheirControllers) {
  const Scenario s = load_ok(kData + "landfill.gmcr");
  std::vector<std::size_t> actors;
  for (const auto& o : s.conflict->options) actors.push_back(o.actor);
  EXPECT_EQ(actors, (std::vector<std::size_t>{0, 1, 1, 1, 2}));  // Regulator; Operator x3; Town Council
}

TEST(Gmcr, ConditionsBecomeStatements) {
  // Suspect One: [[1, "Y"]] then [[0, "N"]].
  const Scenario dilemma = load_ok(kData + "dilemma.gmcr");
  const auto& p1 = dilemma.conflict->decision_makers[0].preferences;
  ASSERT_EQ(p1.size(), 2u);
  EXPECT_EQ(p1[0].text, "keep_quiet_2");
  EXPECT_EQ(p1[1].text, "not keep_quiet_1");
  EXPECT_TRUE(dilemma.conflict->decision_makers[0].ranking.empty());

  // The Port Authority's six statements; options 0-3 are impound_ships, close_harbour, pay_fees, reroute_fleet.
  const Scenario standoff = load_ok(kData + "standoff.gmcr");
  const auto& port = standoff.conflict->decision_makers[0].preferences;
  ASSERT_EQ(port.size(), 6u);
  EXPECT_EQ(port[0].text, "pay_fees");
  EXPECT_EQ(port[1].text, "not reroute_fleet");
  EXPECT_EQ(port[2].text, "not impound_ships and pay_fees");  // a compound of one member needs no parentheses
  EXPECT_EQ(port[3].text, "not close_harbour and pay_fees");
  EXPECT_EQ(port[4].text, "(impound_ships and not reroute_fleet) or (close_harbour and not pay_fees)");
  EXPECT_EQ(port[5].text, "not impound_ships");
  ASSERT_EQ(standoff.conflict->infeasible.size(), 1u);
  EXPECT_EQ(standoff.conflict->infeasible[0].text, "pay_fees and reroute_fleet");
  // The compiled statement means what gmcr-py's CompoundCondition.test does: any member holds.
  const std::vector<double> pay_only = {0, 0, 1, 0};
  EXPECT_FALSE(port[4].program->holds(pay_only));
  const std::vector<double> close_only = {0, 1, 0, 0};
  EXPECT_TRUE(port[4].program->holds(close_only));  // the second member
  const std::vector<double> impound_only = {1, 0, 0, 0};
  EXPECT_TRUE(port[4].program->holds(impound_only));  // the first member
}

// States ranked by a decision maker's statements, best first, as parley's prioritization reads them (lexicographic:
// the first statement that differs decides), written as gmcr-py's state numbers with each tie sorted.
std::vector<std::vector<std::size_t>> ranked_by_statements(const Conflict& c, const DecisionMaker& dm,
                                                           const std::vector<std::size_t>& order) {
  const auto states = detail::gmcr_state_numbers(c, order);
  std::vector<std::pair<std::vector<bool>, std::size_t>> keyed;
  for (std::size_t k = 0; k < states.size(); ++k) {
    std::vector<double> values(c.options.size());
    for (std::size_t o = 0; o < values.size(); ++o) values[o] = static_cast<double>((states[k] >> o) & 1U);
    std::vector<bool> key;
    for (const auto& st : dm.preferences) key.push_back(st.program->holds(values));
    keyed.emplace_back(std::move(key), k + 1);
  }
  std::sort(keyed.begin(), keyed.end(),
            [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
  std::vector<std::vector<std::size_t>> tiers;
  for (std::size_t i = 0; i < keyed.size(); ++i) {
    if (i == 0 || keyed[i].first != keyed[i - 1].first) tiers.emplace_back();
    tiers.back().push_back(keyed[i].second);
  }
  return tiers;
}

using Numbers = std::vector<std::vector<std::size_t>>;

// The statements mean what gmcr-py makes of them: these are the rankings gmcr-py 0.4.1 (commit 502a12c) computes for
// the files (ConflictModel.load_from_file, then each DecisionMaker's preferenceRanking, from
// calculatePreferences and prefPriorities2payoffs), ties sorted. The two-decision-maker files were also ranked by hand
// from their statements, with the same result.
TEST(Gmcr, StatementsRankStatesAsGmcrPyDoes) {
  struct Case {
    const char* file;
    std::size_t dm;
    Numbers ranking;
  };
  const std::vector<Case> cases = {
      {"dilemma.gmcr", 0, {{3}, {4}, {1}, {2}}},
      {"dilemma.gmcr", 1, {{2}, {4}, {1}, {3}}},
      {"standoff.gmcr", 0, {{5}, {7}, {6}, {8}, {3}, {2, 4}, {1}, {11}, {12}, {9}, {10}}},
      {"standoff.gmcr", 1, {{1}, {9}, {5}, {3, 11}, {7}, {2}, {10}, {6}, {4, 12}, {8}}},
      {"canal.gmcr", 0, {{3}, {1}, {2}, {6}, {4, 5}}},
      {"canal.gmcr", 1, {{2}, {1}, {4, 5}, {3}, {6}}},
      {"aquifer.gmcr",
       0,
       {{3},
        {4, 13, 14, 22},
        {28, 29, 37},
        {9},
        {10, 19, 20, 25},
        {34, 35, 40},
        {1, 5},
        {2, 6, 11, 12, 15, 16, 21, 23},
        {26, 27, 30, 31, 36, 38},
        {7},
        {8, 17, 18, 24},
        {32, 33, 39}}},
      {"aquifer.gmcr",
       1,
       {{5, 6, 15, 16, 30, 31},
        {23, 38},
        {1, 2, 7, 8, 11, 12, 17, 18, 26, 27, 32, 33},
        {21, 24, 36, 39},
        {3, 4, 9, 10, 13, 14, 19, 20, 28, 29, 34, 35},
        {22, 25, 37, 40}}},
      {"aquifer.gmcr",
       2,
       {{12, 14, 16},
        {21, 22, 23},
        {27, 29, 31},
        {36, 37, 38},
        {18, 20},
        {24, 25},
        {33, 35},
        {39, 40},
        {1, 2, 3, 4, 5, 6, 11, 13, 15},
        {26, 28, 30},
        {7, 8, 9, 10, 17, 19},
        {32, 34}}},
      {"aquifer.gmcr",
       3,
       {{1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
        {11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25},
        {26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40}}},
  };
  for (const auto& e : cases) {
    SCOPED_TRACE(std::string(e.file) + " decision maker " + std::to_string(e.dm));
    const Scenario s = load_ok(kData + e.file);
    const Conflict& c = *s.conflict;
    std::vector<std::size_t> order(c.options.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;  // these files list options DM by DM
    EXPECT_EQ(ranked_by_statements(c, c.decision_makers[e.dm], order), e.ranking);
  }
}

// landfill.gmcr ranks by hand. Its feasible codes in increasing order are 0-9 and 16-25 (the 12 codes with "Close
// site" and "Extend hours" or "Comply" are infeasible; options are DM-contiguous, so gmcr-py's order is the file's):
// gmcr-py's state 5 is code 4 = NNYNN, its state 15 code 20 = NNYNY.
TEST(Gmcr, LandfillRankingsMapToParleyCodes) {
  const Scenario s = load_ok(kData + "landfill.gmcr");
  const Conflict& c = *s.conflict;
  const auto& regulator = c.decision_makers[0];
  EXPECT_TRUE(regulator.preferences.empty());  // useManualPreferenceRanking: the statements are not in force
  ASSERT_EQ(regulator.ranking.size(), 8u);
  EXPECT_EQ(regulator.ranking[0], (std::vector<std::uint64_t>{4, 20}));  // [5, 15]
  EXPECT_EQ(c.pattern(regulator.ranking[0][0]), "NNYNN");
  EXPECT_EQ(c.pattern(regulator.ranking[0][1]), "NNYNY");
  EXPECT_EQ(regulator.ranking[3], (std::vector<std::uint64_t>{7, 8, 23, 24}));  // [8, 9, 18, 19]
  EXPECT_EQ(regulator.ranking[7], (std::vector<std::uint64_t>{3, 19}));         // [4, 14]
  const auto& operator_ranking = c.decision_makers[1].ranking;
  ASSERT_EQ(operator_ranking.size(), 10u);
  EXPECT_EQ(operator_ranking[0], (std::vector<std::uint64_t>{2, 6}));  // [3, 7]; state 3 = NYNNN
  EXPECT_EQ(operator_ranking[3], (std::vector<std::uint64_t>{16}));    // 11, a tier of one written without a list
  const auto& council = c.decision_makers[2].ranking;
  ASSERT_EQ(council.size(), 7u);
  EXPECT_EQ(council[0], (std::vector<std::uint64_t>{5}));  // 6 = YNYNN
  EXPECT_EQ(c.pattern(council[0][0]), "YNYNN");
  EXPECT_EQ(council[2], (std::vector<std::uint64_t>{7, 8, 20, 22, 25}));  // [8, 9, 15, 17, 20]
  EXPECT_EQ(council[6], (std::vector<std::uint64_t>{2}));                 // 3
}

// reservoir.gmcr uses the old keys (useManualPreferenceVectors, preferenceVector). Feasible codes in order:
// 1, 2, 4, 9, 10, 12, 25, 26, 28, 33, 41, 57, 66, 74, 90, 129, 130, 137, 138, 153, 154, 265, 266, 268, 281, 282, 284
// (the 15 infeasibility conditions applied to all 512 codes; gmcr-py lists the same 27).
TEST(Gmcr, ReservoirRankingsMapToParleyCodes) {
  const Scenario s = load_ok(kData + "reservoir.gmcr");
  const Conflict& c = *s.conflict;
  const auto& agency = c.decision_makers[0].ranking;
  ASSERT_EQ(agency.size(), 13u);
  EXPECT_EQ(agency[0], (std::vector<std::uint64_t>{33}));          // 10
  EXPECT_EQ(c.pattern(33), "YNNNNYNNN");                           // Full and the River Board's Full
  EXPECT_EQ(agency[1], (std::vector<std::uint64_t>{1, 41, 129}));  // [1, 11, 16]
  EXPECT_EQ(agency[12], (std::vector<std::uint64_t>{284}));        // 27
  EXPECT_EQ(c.pattern(284), "NNYYYNNNY");
  // The Farm Lobby's statement is not in force: the file ranks by hand.
  EXPECT_TRUE(c.decision_makers[1].preferences.empty());
  EXPECT_EQ(c.decision_makers[1].ranking[0], (std::vector<std::uint64_t>{268, 284}));  // [24, 27]
  EXPECT_EQ(c.decision_makers[2].ranking[0], (std::vector<std::uint64_t>{138}));       // 19
  ASSERT_EQ(c.decision_makers[3].ranking.size(), 1u);  // the River Board is indifferent: one tie of all 27
  EXPECT_EQ(c.decision_makers[3].ranking[0].size(), 27u);
  for (const auto& dm : c.decision_makers) {
    std::size_t ranked = 0;
    for (const auto& tier : dm.ranking) ranked += tier.size();
    EXPECT_EQ(ranked, 27u);
  }
}

// Options 0 (Blue), 1 and 2 (Red, listed as [2, 1]) are not DM-contiguous: gmcr-py reorders them to 2, 1, 0
// and numbers states over that order. File codes (bit k = option k) 0..5 are feasible; their gmcr-py codes are
// 0, 4, 2, 6, 1, 5, so gmcr-py's states 1..6 are the file's codes 0, 4, 2, 1, 5, 3 (as gmcr-py 0.4.1 itself
// numbers them when it opens this file).
TEST(Gmcr, RankingsFollowGmcrPyNumberingWhenOptionsAreReordered) {
  EXPECT_EQ(detail::gmcr_option_order({{2, 1}, {0}}), (std::vector<std::size_t>{2, 1, 0}));
  const Scenario s = load_ok(kCases + "reordered.gmcr");
  const Conflict& c = *s.conflict;
  EXPECT_EQ(detail::gmcr_state_numbers(c, {2, 1, 0}), (std::vector<std::uint64_t>{0, 4, 2, 1, 5, 3}));
  EXPECT_EQ(c.decision_makers[0].ranking, (Tiers{{4}, {2, 0}, {3}, {5}, {1}}));    // [2, [3, 1], 6, 5, 4]
  EXPECT_EQ(c.decision_makers[1].ranking, (Tiers{{3}, {5}, {1}, {2}, {4}, {0}}));  // [6, 5, 4, 3, 2, 1]
  EXPECT_EQ(c.pattern(4), "NNY");
  // The options stay in the file's order, with their controllers.
  EXPECT_EQ(c.options[0].id, "x_not");  // "Not" would read as the keyword
  EXPECT_EQ(c.options[0].actor, 1u);
  EXPECT_EQ(c.options[2].actor, 0u);
  EXPECT_EQ(directions(c), "take both drop");
  EXPECT_EQ(c.infeasible[0].text, "build and sell");
}

TEST(Gmcr, MisperceptionsAreWarnedAboutAndIgnored) {
  Diagnostics d;
  const Scenario s = load_ok(kData + "canal_misperceived.gmcr", d);
  // Columns 360 and 536 of the file's one line open the "misperceptions" lists of the two entries of
  // "decisionMakers"; the copies in "coalitionsFull" (gmcr-py never reads that key) draw no warning.
  EXPECT_EQ(test::messages(d),
            kData +
                "canal_misperceived.gmcr:1:360: warning: parley does not model misperceptions (hypergames); it ignores "
                "those of 'Upstream' and uses the true feasible states\n" +
                kData +
                "canal_misperceived.gmcr:1:536: warning: parley does not model misperceptions (hypergames); it "
                "ignores those of 'Downstream' and uses the true feasible states\n");
  // The true model: the same as canal.gmcr, whose options, infeasibles and decision makers' options and preferences
  // are the same JSON (canal_misperceived.gmcr adds misperceptions, payoffs and coalitions only).
  const Scenario plain = load_ok(kData + "canal.gmcr");
  ASSERT_EQ(s.conflict->decision_makers.size(), plain.conflict->decision_makers.size());
  for (std::size_t k = 0; k < s.conflict->decision_makers.size(); ++k) {
    const auto& ours = s.conflict->decision_makers[k].preferences;
    const auto& theirs = plain.conflict->decision_makers[k].preferences;
    ASSERT_EQ(ours.size(), theirs.size());
    for (std::size_t j = 0; j < ours.size(); ++j) EXPECT_EQ(ours[j].text, theirs[j].text);
  }
  EXPECT_EQ(feasible_count(*s.conflict), feasible_count(*plain.conflict));
  EXPECT_EQ(directions(*s.conflict), directions(*plain.conflict));
}

TEST(Gmcr, TrivialCoalitionsAndIgnoredKeysSayNothing) {
  for (const char* name : {"landfill.gmcr", "canal.gmcr", "reservoir.gmcr"}) {
    SCOPED_TRACE(name);
    Diagnostics d;
    (void)load_ok(kData + name, d);
    EXPECT_TRUE(d.empty()) << test::messages(d);
  }
}

const char* const kTwoByTwo = R"({"useManualPreferenceRanking": false,
 "options": [{"name": "A", "permittedDirection": "both"}, {"name": "B", "permittedDirection": "both"}],
 "decisionMakers": [{"name": "One", "options": [0], "preferences": [[[1, "Y"]]]},
                    {"name": "Two", "options": [1], "preferences": []}],
 "infeasibles": [])";

TEST(Gmcr, CoalitionsAndUnknownKeysAreWarnings) {
  Diagnostics d;
  const auto s = load_text(std::string(kTwoByTwo) + R"(, "coalitions": [[0, 1]], "colour": "red"})", "g.gmcr", {}, d);
  ASSERT_TRUE(s) << test::messages(d);
  EXPECT_EQ(test::messages(d),
            "g.gmcr:5:36: warning: gmcr-py analyses 'One' and 'Two' as one decision maker (a coalition); parley "
            "analyses each decision maker on its own and reports coalitions separately\n"
            "g.gmcr:5:45: warning: unknown key 'colour' in the gmcr-py file is ignored, as gmcr-py does\n");
  EXPECT_TRUE(s->conflict->decision_makers[1].preferences.empty());  // no statements: every state ties
}

TEST(Gmcr, ShapeErrors) {
  EXPECT_EQ(refused("[1, 2]"), "g.gmcr:1:1: error: expected the gmcr-py file as a mapping, found a list\n");
  EXPECT_EQ(refused(std::string(kTwoByTwo) + R"(, "useManualPreferenceRanking": 1})"),
            "g.gmcr:5:21: error: duplicate key 'useManualPreferenceRanking'; it was first given at line 1, column 2\n");
  EXPECT_EQ(refused(R"({"useManualPreferenceRanking": "no", "options": [], "decisionMakers": [], "infeasibles": []})"),
            "g.gmcr:1:32: error: expected true or false for 'useManualPreferenceRanking', found the text 'no'\n"
            "g.gmcr:1:49: error: expected at least 1 item in 'options', found 0\n");
  EXPECT_EQ(refused(R"({"useManualPreferenceRanking": false,
 "options": [{"name": "A", "permittedDirection": "both"}],
 "decisionMakers": [{"name": "One", "options": [0], "preferences": []}], "infeasibles": []})"),
            "g.gmcr:3:20: error: expected at least 2 items in 'decisionMakers', found 1\n");
  EXPECT_EQ(refused(R"({"useManualPreferenceRanking": false,
 "options": [{"name": "A", "permittedDirection": "both"}, {"name": "B", "permittedDirection": "both"}],
 "decisionMakers": [{"name": "One", "options": [0, 1], "preferences": []},
                    {"name": "Two", "options": [], "preferences": []}], "infeasibles": [] })"),
            "g.gmcr:4:48: error: expected at least 1 item in 'options', found 0\n");
}

TEST(Gmcr, TooManyOptionsForStatesOrForRankings) {
  const auto conflict = [](std::size_t n, bool manual) {
    std::string options, controlled;  // One controls every option but the last, which is Two's
    for (std::size_t k = 0; k < n; ++k) {
      options +=
          std::string(k ? ", " : "") + R"({"name": "o)" + std::to_string(k) + R"(", "permittedDirection": "both"})";
      if (k + 1 < n) controlled += std::string(k ? ", " : "") + std::to_string(k);
    }
    return std::string(R"({"useManualPreferenceRanking": )") + (manual ? "true" : "false") + ", \"options\": [" +
           options + R"(], "decisionMakers": [{"name": "One", "options": [)" + controlled +
           R"(], "preferences": [], "preferenceRanking": [1]}, {"name": "Two", "options": [)" + std::to_string(n - 1) +
           R"(], "preferences": []}],
            "infeasibles": []})";
  };
  EXPECT_EQ(refused(conflict(63, false)), "g.gmcr:1:50: error: expected at most 62 options, found 63\n");
  EXPECT_EQ(refused(conflict(21, true)),
            "g.gmcr:1:32: error: expected at most 20 options in a conflict whose states are ranked by hand, found 21; "
            "give preference statements instead\n");
  Diagnostics d;
  EXPECT_TRUE(load_text(conflict(62, false), "g.gmcr", {}, d)) << test::messages(d);
}

// Every bad-*.gmcr case in tests/scenarios/gmcr, with its exact diagnostics.
struct BadCase {
  const char* file;
  std::vector<std::string> messages;  // without the "PATH:" that starts each line
};

TEST(Gmcr, BadFilesGiveLocatedMessages) {
  // Long messages are split over two literals on purpose: no comma is missing.
  // NOLINTBEGIN(bugprone-suspicious-missing-comma)
  const std::vector<BadCase> cases = {
      {"bad-json.gmcr",
       {"4:3: error: expected a value (object, array, string, number, true, false or null), found ']'"}},
      {"bad-options.gmcr",
       {"4:46: error: expected 'both', 'fwd' or 'back' for 'permittedDirection', found the text 'forward'",
        "6:5: error: expected every option to be controlled by a decision maker, found option 2 ('Talk') in no "
        "decision maker's 'options'",
        "9:39: error: expected each option once in the options of 'Red', found option 0 ('Attack') again",
        "10:34: error: expected each option to be controlled by one decision maker, found option 1 ('Retreat'), "
        "which 'Red' already controls",
        "10:37: error: expected an option index (a whole number in [0, 2]), found the number 3"}},
      {"bad-option-keys.gmcr",
       {"4:5: error: missing key 'permittedDirection' in an option", "5:5: error: missing key 'name' in an option",
        "7:22: error: missing key 'preferences' in a decision maker (its preference statements, which are used since "
        "'useManualPreferenceRanking' is false)",
        "7:53: error: missing key 'preferences' in a decision maker (its preference statements, which are used since "
        "'useManualPreferenceRanking' is false)"}},
      {"bad-missing-keys.gmcr",
       {"1:1: error: missing key 'infeasibles' in the gmcr-py file",
        "1:1: error: missing key 'useManualPreferenceRanking' in the gmcr-py file",
        "8:5: error: missing key 'name' in a decision maker"}},
      {"bad-conditions.gmcr",
       {"8:58: error: expected \"Y\" or \"N\", found the text 'yes'",
        "8:78: error: expected each option once in a condition, found option 0 ('Attack') again",
        "8:91: error: expected an option index (a whole number in [0, 1]), found the number 2",
        "9:67: error: expected true for 'compound', found the boolean false",
        "9:113: error: expected a pair [option index, \"Y\" or \"N\"], found the number 0",
        "9:116: error: expected a pair [option index, \"Y\" or \"N\"], found the text 'Y'",
        "11:21: error: expected an option index (a whole number in [0, 1]), found the number 0.5",
        "11:33: error: expected a condition naming at least one option, found an empty list",
        "11:49: error: expected at least 1 item in 'members', found 0",
        "11:55: error: expected a pair [option index, \"Y\" or \"N\"], found a list of 3"}},
      {"bad-ranking.gmcr",
       {"9:76: error: expected a complete ranking of the 4 feasible states for 'One', found 3 (missing state 2, "
        "'YNN')",
        "10:84: error: expected each state once in the ranking of 'Two', found state 2 again",
        "10:87: error: expected a state number (a whole number in [1, 4]), found the number 0",
        "10:91: error: expected a state number (a whole number in [1, 4]), found the number 5",
        "11:5: error: missing key 'preferenceRanking' in a decision maker (its ranking of the states, which is used "
        "since 'useManualPreferenceVectors' is true)"}},
  };
  // NOLINTEND(bugprone-suspicious-missing-comma)
  for (const auto& c : cases) {
    SCOPED_TRACE(c.file);
    const std::string path = kCases + c.file;
    Diagnostics d;
    EXPECT_FALSE(load_file(path, {}, d).has_value());
    std::string expected;
    for (const auto& m : c.messages) expected += path + ":" + m + "\n";
    EXPECT_EQ(test::messages(d), expected);
  }
}

TEST(Gmcr, FormatComesFromTheExtensionOrIsForced) {
  const std::string text = read_text(kData + "dilemma.gmcr");
  LoadOptions forced;
  forced.format = "gmcr";
  Diagnostics d;
  const auto s = load_text(text, "dilemma.txt", forced, d);
  ASSERT_TRUE(s) << test::messages(d);
  EXPECT_EQ(s->format, InputFormat::gmcr);
  EXPECT_EQ(s->title, "dilemma");
  EXPECT_THROW((void)load_text(text, "dilemma.txt", {}, d), UsageError);
}

// The examples with one value swapped for another JSON value (an index out of range, a fraction, a string where a
// list belongs, ...) are read or refused with a message, never a crash.
TEST(Gmcr, NeverCrashesOnDamagedFiles) {
  const std::vector<std::string> replacements = {"0",
                                                 "-1",
                                                 "99",
                                                 "1e300",
                                                 "0.5",
                                                 "\"Y\"",
                                                 "\"N\"",
                                                 "\"\"",
                                                 "[]",
                                                 "{}",
                                                 "null",
                                                 "true",
                                                 "[[0, \"Y\"]]",
                                                 "[0]",
                                                 "[[]]",
                                                 "[[0]]",
                                                 "{\"members\": [[]]}"};
  std::mt19937 rng(7);
  for (const char* name :
       {"standoff.gmcr", "landfill.gmcr", "reservoir.gmcr", "aquifer.gmcr", "canal_misperceived.gmcr"}) {
    const std::string text = read_text(kData + name);
    // Scalars of the file: numbers and strings, as [begin, end) offsets.
    std::vector<std::pair<std::size_t, std::size_t>> scalars;
    for (std::size_t i = 0; i < text.size();) {
      std::size_t j = i;
      if (text[i] == '"') {
        j = text.find('"', i + 1) + 1;
      } else {
        while (j < text.size() && (std::isdigit(static_cast<unsigned char>(text[j])) || text[j] == '-')) ++j;
      }
      if (j > i) scalars.emplace_back(i, j);
      i = std::max(j, i + 1);
    }
    for (int trial = 0; trial < 300; ++trial) {
      const auto [begin, end] = scalars[rng() % scalars.size()];
      const std::string damaged = text.substr(0, begin) + replacements[rng() % replacements.size()] + text.substr(end);
      Diagnostics d;
      const auto s = load_text(damaged, "g.gmcr", {}, d);
      EXPECT_EQ(s.has_value(), !d.has_errors()) << damaged;
    }
  }
}

// Tasks over issues refuse a graph model alone with exit 65; show works on it.
TEST(Gmcr, ServicesShowItAndRefuseTasksOverIssues) {
  const services::Loaded loaded = services::load(kData + "dilemma.gmcr", {});
  ASSERT_TRUE(loaded.scenario);
  const std::string where = kData + "dilemma.gmcr";
  try {
    (void)services::analyze(loaded, {});
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_EQ(e.code(), ExitCode::data);
    EXPECT_EQ(e.where(), where);
    EXPECT_STREQ(e.what(), "nothing to analyze: the file holds only a graph model (no issues); use parley stability");
  }
  EXPECT_THROW((void)services::forecast(loaded, {}), DataError);
  EXPECT_THROW((void)services::convert(*loaded.scenario, OutputFormat::yaml), DataError);
  services::ShowOptions json;
  json.format = OutputFormat::json;
  EXPECT_NE(services::show(loaded, json).find("\"issues\": []"), std::string::npos);
  EXPECT_NE(services::show(loaded, {}).find("Actors (a graph model only: no issues)"), std::string::npos);
}

}  // namespace
}  // namespace parley::scenario
