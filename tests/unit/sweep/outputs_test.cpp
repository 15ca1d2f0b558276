#include "sweep/outputs.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "core/parallel.hpp"
#include "oracle.hpp"
#include "parley/services.hpp"

namespace parley::sweep {
namespace {

std::unique_ptr<doc::Node> json(const std::string& text) {
  Diagnostics diags;
  auto n = doc::parse_json(text, std::make_shared<const std::string>("t.json"), diags);
  EXPECT_TRUE(n);
  return n;
}

const Value* find(const std::vector<Output>& outs, const std::string& path) {
  const auto it = std::find_if(outs.begin(), outs.end(), [&](const Output& o) { return o.path == path; });
  return it == outs.end() ? nullptr : &it->value;
}

TEST(Flatten, NamesResultsByTheirPathWithListItemsByTheirIds) {
  const auto n = json(R"({"parley": {"version": "1"}, "title": "t",
    "issues": [{"id": "land", "name": "Land", "mean": 55.5, "zopa": {"exists": false, "gap": 35, "low": null}}],
    "rounds": [{"round": 10, "median": 60}], "coalitions": [{"members": ["ru", "us"], "upsets": []}],
    "equilibria": {"gmr": [4, 6]}, "ranking": [[1, 2], [3]], "most": "ua", "pareto": [{"a": 1}, {"a": 2}]})");
  const auto outs = flatten(*n);
  EXPECT_EQ(std::get<double>(*find(outs, "issues.land.mean")), 55.5);
  EXPECT_EQ(std::get<std::string>(*find(outs, "issues.land.zopa.exists")), "false");
  EXPECT_EQ(std::get<double>(*find(outs, "issues.land.zopa.gap")), 35);
  EXPECT_EQ(std::get<std::string>(*find(outs, "issues.land.zopa.low")), "null");
  EXPECT_EQ(std::get<double>(*find(outs, "rounds.10.median")), 60);
  EXPECT_NE(find(outs, "equilibria.gmr.4"), nullptr);
  EXPECT_NE(find(outs, "equilibria.gmr.6"), nullptr);
  EXPECT_EQ(std::get<std::string>(*find(outs, "most")), "ua");
  EXPECT_EQ(std::get<double>(*find(outs, "pareto.1.a")), 2);
  // Labels, the stamp and lists of lists are left out.
  EXPECT_EQ(find(outs, "issues.land.name"), nullptr);
  EXPECT_EQ(find(outs, "title"), nullptr);
  EXPECT_EQ(find(outs, "parley.version"), nullptr);
  EXPECT_TRUE(std::none_of(outs.begin(), outs.end(), [](const Output& o) { return o.path.rfind("ranking", 0) == 0; }));
}

TEST(Flatten, EachOutputAppearsOncePerDraw) {
  // A statement that decides two ranking steps is one membership; two items of one name are told apart.
  const auto n = json(R"({"decided_by": ["cede", "press", "cede"], "moves": [{"actor": "ru", "to": 1},
    {"actor": "ru", "to": 2}]})");
  const auto outs = flatten(*n);
  EXPECT_EQ(std::count_if(outs.begin(), outs.end(), [](const Output& o) { return o.path == "decided_by.cede"; }), 1);
  EXPECT_NE(find(outs, "decided_by.press"), nullptr);
  EXPECT_EQ(std::get<double>(*find(outs, "moves.ru.to")), 1);
  EXPECT_EQ(std::get<double>(*find(outs, "moves.ru#2.to")), 2);
  // Should a draw still give an output twice, it counts once: no share above 1, none below 0.
  const auto s = summarise({{{"x", std::string(kMember)}, {"x", std::string(kMember)}}, {}});
  ASSERT_EQ(s.size(), 1U);
  EXPECT_EQ(s[0].p.at("true"), 0.5);
  EXPECT_EQ(s[0].p.at("false"), 0.5);
}

TEST(Summarise, NumbersGetMomentsAndType7Quantiles) {
  std::vector<std::vector<Output>> draws;
  for (int k = 1; k <= 100; ++k) draws.push_back({{"x", static_cast<double>(k)}});
  const auto s = summarise(draws);
  ASSERT_EQ(s.size(), 1U);
  EXPECT_DOUBLE_EQ(s[0].mean, 50.5);
  EXPECT_NEAR(s[0].sd, 29.011491975882016, 1e-12);  // sd of 1..100 with n - 1
  EXPECT_NEAR(s[0].se, 2.9011491975882016, 1e-12);
  EXPECT_DOUBLE_EQ(s[0].q05, 5.95);  // 1 + 0.05 * 99
  EXPECT_DOUBLE_EQ(s[0].q25, 25.75);
  EXPECT_DOUBLE_EQ(s[0].q50, 50.5);
  EXPECT_DOUBLE_EQ(s[0].q95, 95.05);
  EXPECT_TRUE(s[0].p.empty());
}

TEST(Summarise, QuantilesBySelectionEqualThoseOfTheSortedDraws) {
  // Sizes around the quantiles' index boundaries, values with many ties, any thread count.
  std::mt19937_64 rng(11);
  for (const std::size_t n : {1, 2, 3, 4, 5, 19, 20, 21, 99, 100, 101, 1000, 4001}) {
    std::vector<std::vector<Output>> draws;
    std::vector<double> xs;
    for (std::size_t k = 0; k < n; ++k) {
      const double x =
          static_cast<double>(rng() % 7) + (rng() % 2 == 0 ? 0.0 : std::ldexp(static_cast<double>(rng() % 1000), -3));
      xs.push_back(x);
      draws.push_back({{"x", x}, {"y", -x}});
    }
    std::sort(xs.begin(), xs.end());
    const auto type7 = [&](const std::vector<double>& sorted, double q) {
      const double h = (static_cast<double>(sorted.size()) - 1) * q;
      const auto lo = static_cast<std::size_t>(std::floor(h));
      const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
      return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
    };
    Collector c(n);
    for (std::size_t k = 0; k < n; ++k) c.add(k, draws[k]);
    for (const unsigned threads : {1U, 3U}) {
      const auto s = c.summarise(threads);
      ASSERT_EQ(s.size(), 2U);
      EXPECT_EQ(s[0].q05, type7(xs, 0.05)) << n;
      EXPECT_EQ(s[0].q25, type7(xs, 0.25)) << n;
      EXPECT_EQ(s[0].q50, type7(xs, 0.50)) << n;
      EXPECT_EQ(s[0].q75, type7(xs, 0.75)) << n;
      EXPECT_EQ(s[0].q95, type7(xs, 0.95)) << n;
    }
  }
}

TEST(Summarise, CategoriesGetSharesAndMissingMembershipsCountAsFalse) {
  const auto d = [](std::vector<Output> o) { return o; };
  const std::vector<std::vector<Output>> draws = {
      d({{"zopa", std::string("true")}, {"eq.6", std::string("\x01member")}}), d({{"zopa", std::string("false")}}),
      d({{"zopa", std::string("false")}, {"eq.6", std::string("\x01member")}, {"late", 3.0}}),
      d({{"zopa", std::string("false")}})};
  const auto s = summarise(draws);
  ASSERT_EQ(s.size(), 3U);
  EXPECT_EQ(s[0].path, "zopa");
  EXPECT_DOUBLE_EQ(s[0].p.at("true"), 0.25);
  EXPECT_DOUBLE_EQ(s[0].p.at("false"), 0.75);
  EXPECT_TRUE(s[1].membership);
  EXPECT_DOUBLE_EQ(s[1].p.at("true"), 0.5);
  EXPECT_DOUBLE_EQ(s[1].p.at("false"), 0.5);
  // A number present in one draw of four: its statistics over that draw, and the share of draws without it.
  EXPECT_EQ(s[2].count, 1U);
  EXPECT_DOUBLE_EQ(s[2].mean, 3.0);
  EXPECT_DOUBLE_EQ(s[2].p.at("absent"), 0.75);
}

TEST(Flatten, CoversTheAnalysesOwnJson) {
  const auto loaded = services::load(std::string(PARLEY_SOURCE_DIR) + "/examples/geneva.yaml", {});
  services::AnalyzeOptions options;
  options.format = OutputFormat::json;
  const auto outs = flatten(*json(services::analyze(loaded, options)));
  EXPECT_NE(find(outs, "issues.territory.weighted_mean"), nullptr);
  EXPECT_EQ(std::get<std::string>(*find(outs, "issues.territory.zopa.exists")), "false");
  EXPECT_EQ(std::get<double>(*find(outs, "packages.agreeable")), 0);

  services::StabilityOptions st;
  st.format = OutputFormat::json;
  const auto eq = flatten(*json(services::stability(loaded, st)));
  EXPECT_NE(find(eq, "equilibria.gmr.4"), nullptr);
  EXPECT_EQ(find(eq, "equilibria.nash.4"), nullptr);
  EXPECT_NE(find(eq, "states.6.stable.seq.ua"), nullptr);
}

// Random trees over keys that label, name and nest: each item named late, by members, twice, or not at all.
doc::Node random_tree(std::mt19937_64& rng, int depth) {
  static const std::vector<std::string> keys = {"id",      "issue", "state", "number", "members", "name", "parley",
                                                "ranking", "x",     "y",     "upsets", "path",    "to",   "dm"};
  const auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  const std::size_t kind = depth <= 0 || pick(10) < 3 ? pick(4) : 4 + pick(3);  // containers, mostly, above the leaves
  switch (kind) {
    case 0:
      return doc::Node::make_number(static_cast<double>(pick(4)) + (pick(2) == 0 ? 0.5 : 0));
    case 1:
      return doc::Node::make_string(std::vector<std::string>{"ru", "ua", "us", "a.b"}[pick(4)]);
    case 2:
      return doc::Node::make_bool(pick(2) == 0);
    case 3:
      return doc::Node::make_null();
    case 4:
    case 5: {
      doc::Node m = doc::Node::make_mapping();
      std::vector<std::string> used;
      for (std::size_t i = 0, n = pick(5); i < n; ++i) {
        const std::string& k = keys[pick(keys.size())];
        if (std::find(used.begin(), used.end(), k) != used.end()) continue;
        used.push_back(k);
        m.set(k, random_tree(rng, depth - 1));
      }
      return m;
    }
    default: {
      doc::Node s = doc::Node::make_sequence();
      for (std::size_t i = 0, n = pick(5); i < n; ++i) s.push(random_tree(rng, depth - 1));
      return s;
    }
  }
}

TEST(OutputEmitter, NamesEveryValueAsTheTreeRulesDo) {
  std::mt19937_64 rng(20261206);
  std::vector<Output> reused;  // one vector through every tree: stale strings must never show
  std::size_t outputs = 0;
  for (int t = 0; t < 4000; ++t) {
    doc::Node tree = doc::Node::make_mapping();
    tree.set("root", random_tree(rng, 6));
    std::vector<Output> expected;
    expected = test::oracle_flatten(tree);
    {
      OutputEmitter e(reused);
      e.node(tree);
    }
    ASSERT_EQ(reused.size(), expected.size()) << doc::to_json(tree);
    for (std::size_t i = 0; i < expected.size(); ++i) {
      ASSERT_EQ(reused[i].path, expected[i].path) << doc::to_json(tree);
      ASSERT_EQ(reused[i].value, expected[i].value) << doc::to_json(tree);
    }
    outputs += expected.size();
  }
  EXPECT_GT(outputs, 8000U);  // the trees were not trivially small (about 3 outputs a tree)
}

TEST(OutputEmitter, LeavesOutABuiltValueUnderALabelWithoutBuildingIt) {
  std::vector<Output> out;
  bool built = false;
  {
    OutputEmitter e(out);
    e.begin_mapping();
    e.key("parley");
    e.built([&] {
      built = true;
      return doc::Node::make_string("stamp");
    });
    e.num("x", 1);
    e.end_mapping();
  }
  EXPECT_FALSE(built);
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].path, "x");
}

}  // namespace
}  // namespace parley::sweep

namespace parley::sweep {
namespace {

// The collector guesses each output's path from the thread's previous draw; draws whose outputs come and go
// (a forecast that stops earlier or later), two collectors filled in turn on one thread (each misleading the
// other's guesses) and several threads must still give back exactly what was added.
TEST(Collector, GivesBackEachDrawExactlyWhateverItsShape) {
  const std::vector<std::string> vocabulary = {"a", "b.c", "b.d", "rounds.1.x", "rounds.2.x", "rounds.3.x", "stop"};
  const auto random_draw = [&](std::mt19937_64& rng) {
    std::vector<Output> out;
    for (const auto& path : vocabulary) {
      switch (rng() % 4) {
        case 0:
          break;  // absent from this draw
        case 1:
          out.push_back({path, std::string(rng() % 2 ? "yes" : "no")});
          break;
        default:
          out.push_back({path, static_cast<double>(rng() % 100)});
          break;
      }
    }
    if (rng() % 3 == 0) std::shuffle(out.begin(), out.end(), rng);
    return out;
  };
  const auto same = [](const std::vector<Output>& a, const std::vector<Output>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (a[i].path != b[i].path || a[i].value != b[i].value) return false;
    }
    return true;
  };
  constexpr std::size_t kDraws = 400;
  std::mt19937_64 rng(5);
  std::vector<std::vector<Output>> one, two;
  for (std::size_t k = 0; k < kDraws; ++k) {
    one.push_back(random_draw(rng));
    two.push_back(random_draw(rng));
  }
  Collector first(kDraws), second(kDraws);
  for (std::size_t k = 0; k < kDraws; ++k) {
    first.add(k, one[k]);
    second.add(k, two[k]);
  }
  Collector threaded(kDraws);
  core::parallel_for(kDraws, 3, [&](std::size_t k) { threaded.add(k, one[k]); });
  for (std::size_t k = 0; k < kDraws; ++k) {
    EXPECT_TRUE(same(first.draw(k), one[k])) << k;
    EXPECT_TRUE(same(second.draw(k), two[k])) << k;
    EXPECT_TRUE(same(threaded.draw(k), one[k])) << k;
  }
  // Blocks sent between processes: draws 0-99 kept, 100-399 absorbed from another collector's message.
  Collector head(kDraws), tail(kDraws - 100);
  for (std::size_t k = 0; k < kDraws; ++k) (k < 100 ? head.add(k, one[k]) : tail.add(k - 100, one[k]));
  const std::string message = tail.encode();
  head.absorb(100, message);
  for (std::size_t k = 0; k < kDraws; ++k) EXPECT_TRUE(same(head.draw(k), one[k])) << k;
  // A message that does not fit, is cut short or is not one is refused.
  EXPECT_THROW(head.absorb(100, message), std::invalid_argument);  // those draws are there already
  Collector fresh(kDraws);
  EXPECT_THROW(fresh.absorb(101, message), std::invalid_argument);  // past the last draw
  EXPECT_THROW(fresh.absorb(0, message.substr(0, message.size() - 1)), std::invalid_argument);
  EXPECT_THROW(fresh.absorb(0, "PLYX" + message.substr(4)), std::invalid_argument);
}

}  // namespace
}  // namespace parley::sweep
