// Scorable games in the LLM-Deliberation layout: reading, located errors, and the analysis of the published base
// game and of games written here, against the game's own rule evaluated over every deal.
#include "scenario/game.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "analysis/analyze.hpp"
#include "analysis/space.hpp"

namespace parley::game {
namespace {

const std::string kGames = std::string(PARLEY_DATA_DIR) + "/games/";

std::optional<Game> read_inline(const std::string& config, const std::map<std::string, std::string>& scores,
                                Diagnostics& diags) {
  std::map<std::string, Text> files;
  for (const auto& [id, text] : scores) files.emplace(id, Text{"scores_files/" + id + ".txt", text, {}});
  return read_texts("inline", Text{"config.txt", config, {}}, files, diags);
}

std::string first_error(const Diagnostics& diags) {
  for (const auto& d : diags.sorted()) {
    if (d.severity == Severity::error) return format_diagnostic(d);
  }
  return "";
}

// The game's definitions taken literally: total scores, minimums, at least n - 1 accepting with p1 and p2.
struct Counts {
  double total = 0, passing = 0, unanimous = 0;
};

Counts literal_counts(const Game& g) {
  Counts c;
  const auto& shape = g.parties.front().scores;
  std::vector<std::size_t> deal(shape.size(), 0);
  while (true) {
    c.total += 1;
    std::size_t yes = 0;
    bool vetoes = true;
    for (const auto& p : g.parties) {
      double total = 0;
      for (std::size_t k = 0; k < deal.size(); ++k) total += p.scores[k][deal[k]];
      const bool accepts = total >= p.minimum;
      yes += accepts ? 1 : 0;
      if (p.role != "player") vetoes = vetoes && accepts;
    }
    c.passing += vetoes && yes + 1 >= g.parties.size() ? 1 : 0;
    c.unanimous += yes == g.parties.size() ? 1 : 0;
    std::size_t k = deal.size();
    while (k-- > 0) {
      if (++deal[k] < shape[k].size()) break;
      deal[k] = 0;
    }
    if (k == static_cast<std::size_t>(-1)) break;
  }
  return c;
}

TEST(Game, TheBaseGameHas720Deals55PassingAnd12Unanimous) {
  Diagnostics diags;
  const auto g = read(kGames + "base", diags);
  ASSERT_TRUE(g) << first_error(diags);
  EXPECT_EQ(diags.error_count(), 0U);
  ASSERT_EQ(g->parties.size(), 6U);
  EXPECT_EQ(g->parties[3].name, "SportCo");
  EXPECT_EQ(g->parties[3].role, "p1");
  EXPECT_EQ(g->at_least, 5U);
  EXPECT_EQ(g->vetoes, (std::vector<std::size_t>{3, 4}));
  ASSERT_EQ(g->domain.issues.size(), 5U);
  EXPECT_EQ(g->domain.issues[4].values, (std::vector<std::string>{"E1", "E2", "E3", "E4", "E5"}));
  const auto space = analysis::space_of(*g);
  const auto pa = analysis::analyze_packages(space, {});
  EXPECT_EQ(pa.total, 720);
  EXPECT_EQ(pa.agreeable.value, 55);
  EXPECT_EQ(pa.unanimous.value, 12);
  const Counts c = literal_counts(*g);
  EXPECT_EQ(c.passing, 55);
  EXPECT_EQ(c.unanimous, 12);
}

// Utility is the total score mapped onto [0, 1]: a party accepts exactly the deals whose total reaches its minimum,
// also where a total equals the minimum exactly.
TEST(Game, RandomGamesMatchTheirRulesDealByDeal) {
  int with_passing = 0, with_exact_minimum = 0;
  for (std::uint64_t seed = 1; seed <= 120; ++seed) {
    std::mt19937_64 rng(seed);
    const std::size_t parties = 3 + rng() % 5, issues = 1 + rng() % 4;
    std::vector<std::size_t> options;
    for (std::size_t k = 0; k < issues; ++k) options.push_back(2 + rng() % 4);
    std::string config;
    std::map<std::string, std::string> scores;
    for (std::size_t p = 0; p < parties; ++p) {
      const std::string id = "party" + std::to_string(p);
      const char* role = p == 0 ? "p1" : p == 1 ? "p2" : "player";
      config += "Party " + std::to_string(p) + "," + id + "," + role + ",cooperative,model\n";
      std::string text;
      std::vector<std::vector<long>> table;
      for (std::size_t k = 0; k < issues; ++k) {
        table.emplace_back();
        for (std::size_t j = 0; j < options[k]; ++j) {
          table.back().push_back(static_cast<long>(rng() % 30) - (seed % 4 == 0 ? 10 : 0));
          text += (j ? ", " : "") + std::to_string(table.back().back());
        }
        text += "\n";
      }
      // A minimum that some deal reaches exactly: the total of one random deal.
      long minimum = 0;
      for (std::size_t k = 0; k < issues; ++k) minimum += table[k][rng() % options[k]];
      text += std::to_string(minimum);
      scores.emplace(id, text);
    }
    Diagnostics diags;
    const auto g = read_inline(config, scores, diags);
    ASSERT_TRUE(g) << first_error(diags);
    const Counts c = literal_counts(*g);
    const auto space = analysis::space_of(*g);
    const auto pa = analysis::analyze_packages(space, {});
    ASSERT_EQ(pa.total, c.total) << "seed " << seed;
    ASSERT_EQ(pa.agreeable.value, c.passing) << "seed " << seed;
    ASSERT_EQ(pa.unanimous.value, c.unanimous) << "seed " << seed;
    with_passing += c.passing > 0;
    with_exact_minimum += c.unanimous > 0;
  }
  EXPECT_GT(with_passing, 40);
  EXPECT_GT(with_exact_minimum, 10);
}

TEST(Game, MistakesAreLocated) {
  const std::string two = "A,a,p1\nB,b,p2\n";
  const std::string ok = "1, 2\n3, 4\n5";
  struct Case {
    std::string config;
    std::map<std::string, std::string> scores;
    std::string error;
  };
  const std::vector<Case> cases = {
      {"A,a,p1\n", {{"a", ok}}, "config.txt:1:1: error: expected one line per party (2 to 64), found 1 line"},
      {"A,a\nB,b,p2\n", {{"a", ok}, {"b", ok}}, "config.txt:1:1: error: expected 'display name, file id, role'"},
      {"A,a,boss\nB,b,p2\n", {{"a", ok}, {"b", ok}}, "config.txt:1:5: error: unknown role 'boss'"},
      {"A,a,p1\nB,a,p2\n", {{"a", ok}}, "config.txt:2:3: error: file id 'a' is given to two parties"},
      {two, {{"a", ok}}, "config.txt:2:3: error: no scores file 'scores_files/b.txt' for this party"},
      {"A,a,p1\nB,b,p1\n", {{"a", ok}, {"b", ok}}, "config.txt:2:1: error: a second party with role 'p1' ('A' has it"},
      {"A,a,p1\nB,../b,p2\n",
       {{"a", ok}},
       "config.txt:2:3: error: file id '../b' does not name a file in scores_files/"},
      {two,
       {{"a", ok}, {"b", "1, x\n3, 4\n5"}},
       "scores_files/b.txt:1:4: error: expected a score (a number), found 'x'"},
      {two,
       {{"a", ok}, {"b", "1, 2\n3, 4\n5, 6"}},
       "scores_files/b.txt:3:1: error: expected the party's minimum total"},
      {two, {{"a", ok}, {"b", "1, 2\n"}}, "scores_files/b.txt:1:1: error: expected one line of scores per issue"},
      {two,
       {{"a", ok}, {"b", "1\n3, 4\n5"}},
       "scores_files/b.txt:1:1: error: expected the scores of 2 to 1000 options"},
      {two, {{"a", ok}, {"b", "1, 2, 3\n3, 4\n5"}}, "config.txt:2:1: error: party 'B' scores issues with 3, 2 options"},
  };
  for (const auto& c : cases) {
    Diagnostics diags;
    EXPECT_FALSE(read_inline(c.config, c.scores, diags)) << c.error;
    EXPECT_EQ(first_error(diags).substr(0, c.error.size()), c.error);
  }
}

// More parties than the minimal winning coalitions can be listed for: the counts and the frontier still come, and
// what it would take says it was not computed rather than stopping the analysis.
TEST(Game, TwentyOnePartiesAreCountedAndWhatItWouldTakeIsNotComputed) {
  std::string config;
  std::map<std::string, std::string> scores;
  for (int p = 0; p < 21; ++p) {
    const std::string id = "p" + std::to_string(p);
    config += "Party " + std::to_string(p) + "," + id + ",player\n";
    scores.emplace(id, "0, 1\n0, 1\n5");  // a minimum no deal reaches
  }
  Diagnostics diags;
  const auto g = read_inline(config, scores, diags);
  ASSERT_TRUE(g) << first_error(diags);
  const auto pa = analysis::analyze_packages(analysis::space_of(*g), {});
  EXPECT_EQ(pa.total, 4);
  EXPECT_EQ(pa.agreeable.value, 0);
  ASSERT_TRUE(pa.bridge);
  EXPECT_FALSE(pa.bridge->computed);
  EXPECT_NE(pa.bridge->not_computed.find("20 parties"), std::string::npos);
}

TEST(Game, AFolderWithoutConfigIsNoGame) {
  EXPECT_TRUE(looks_like_game(kGames + "base"));
  EXPECT_FALSE(looks_like_game(kGames));
  EXPECT_FALSE(looks_like_game(kGames + "base/config.txt"));
}

}  // namespace
}  // namespace parley::game
