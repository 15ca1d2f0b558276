#include "conflict/reach.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "conflict/stability.hpp"
#include "random_conflicts.hpp"

namespace parley::conflict {
namespace {

// The least value over the states reachable from `x` (x included), by breadth-first search over the edges as
// for_each_edge generates them one by one: the definition min_reachable's hubs and classes must agree with.
Rank oracle_min(const Model& m, const Movers& g, const std::vector<Rank>& values, State x) {
  std::vector<std::uint8_t> seen(m.size(), 0);
  std::vector<State> queue{x};
  seen[x] = 1;
  Rank least = values[x];
  for (std::size_t head = 0; head < queue.size(); ++head) {
    for_each_edge(m, g, queue[head], [&](std::size_t, State t) {
      if (seen[t] != 0) return;
      seen[t] = 1;
      least = std::min(least, values[t]);
      queue.push_back(t);
    });
  }
  return least;
}

struct Coverage {
  int free_movers = 0;     // graphs whose movers have no one-way option (hubs only)
  int one_way_movers = 0;  // graphs with a mover's moves listed one by one
  int classes = 0;         // graphs split into two or more classes
};

void check(const Model& m, const Movers& g, std::mt19937& rng, Coverage& cov) {
  std::vector<Rank> random(m.size());
  for (auto& v : random) v = static_cast<Rank>(rng() % 7);  // few values: ties across components
  const std::size_t k = g.dms.empty() ? 0 : g.dms.front();
  const auto got = min_reachable(m, g, {m.dm(k).rank, random});
  ASSERT_EQ(got.size(), 2U);
  for (State x = 0; x < m.size(); ++x) {
    ASSERT_EQ(got[0][x], oracle_min(m, g, m.dm(k).rank, x)) << "state " << x + 1;
    ASSERT_EQ(got[1][x], oracle_min(m, g, random, x)) << "state " << x + 1;
  }
  Code options = 0;
  bool one_way = false;
  for (const std::size_t j : g.dms) {
    options |= m.dm(j).options;
    one_way = one_way || !m.moves_freely(j);
  }
  (one_way ? cov.one_way_movers : cov.free_movers) += 1;
  cov.classes += options != m.all_options() ? 1 : 0;
}

TEST(ConflictReach, MinReachableEqualsSearchOnEveryMoverSet) {
  Coverage cov;
  std::mt19937 rng(7);
  for (const bool one_way : {true, false}) {
    testing::RandomConflictOptions o;
    o.one_way = one_way;
    for (std::uint64_t seed = 1; seed <= 120; ++seed) {
      const auto rc = testing::random_conflict(seed, o);
      SCOPED_TRACE("random conflict " + std::to_string(seed) + (one_way ? "" : ", every option reversible"));
      const Model m = Model::build(rc.scenario);
      // Every set of movers, by any moves and by improvements only.
      for (std::size_t set = 0; set < (std::size_t{1} << m.dm_count()); ++set) {
        for (const bool improvements : {false, true}) {
          Movers g;
          for (std::size_t j = 0; j < m.dm_count(); ++j) {
            if (((set >> j) & 1U) != 0) g.dms.push_back(j);
          }
          g.improvements_only = improvements;
          check(m, g, rng, cov);
          if (HasFatalFailure()) return;
        }
      }
    }
  }
  EXPECT_GE(cov.free_movers, 500);
  EXPECT_GE(cov.one_way_movers, 500);
  EXPECT_GE(cov.classes, 500);
}

// best_move is made line by line where a decision maker has no one-way option: it must still be the best rank of
// any one move, as the explanations show it.
TEST(ConflictReach, BestMoveIsTheBestOfTheMovesOneByOne) {
  int lines = 0;
  for (const bool one_way : {true, false}) {
    testing::RandomConflictOptions o;
    o.one_way = one_way;
    for (std::uint64_t seed = 1; seed <= 120; ++seed) {
      const auto rc = testing::random_conflict(seed, o);
      const Model m = Model::build(rc.scenario);
      const Stability st = analyse_stability(m, StabilityOptions{});
      for (std::size_t k = 0; k < m.dm_count(); ++k) {
        lines += m.moves_freely(k) ? 1 : 0;
        for (State s = 0; s < m.size(); ++s) {
          Rank best = kNoMove;
          m.for_each_move(k, s, [&](State t) { best = best == kNoMove ? m.rank(k, t) : std::max(best, m.rank(k, t)); });
          ASSERT_EQ(st.dms[k].best_move[s], best) << "seed " << seed << ", decision maker " << k << ", state " << s + 1;
        }
      }
    }
  }
  EXPECT_GE(lines, 200);
}

}  // namespace
}  // namespace parley::conflict
