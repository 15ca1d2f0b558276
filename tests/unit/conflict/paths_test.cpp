#include "conflict/paths.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "brute_force.hpp"
#include "random_conflicts.hpp"

namespace parley::conflict {
namespace {

using testing::BruteForce;

constexpr std::size_t kConflicts = 320;

std::vector<State> all_states(const Model& m) {
  std::vector<State> out(m.size());
  for (State s = 0; s < m.size(); ++s) out[s] = s;
  return out;
}

std::vector<std::size_t> everyone(const Model& m) {
  std::vector<std::size_t> out(m.dm_count());
  for (std::size_t k = 0; k < out.size(); ++k) out[k] = k;
  return out;
}

std::size_t reached(const std::vector<std::uint32_t>& d) {
  return static_cast<std::size_t>(
      std::count_if(d.begin(), d.end(), [](std::uint32_t x) { return x != BruteForce::kUnreached; }));
}

// One target's path against the oracle's distance: present exactly when reachable, legal, as short as the
// oracle's, and ending at the target.
void check_target(const BruteForce& bf, const std::vector<std::size_t>& movers, State start, State target,
                  const std::optional<std::vector<Step>>& path, std::uint32_t distance, bool improvements) {
  const char* kind = improvements ? "by improvements" : "by moves";
  ASSERT_EQ(path.has_value(), distance != BruteForce::kUnreached)
      << kind << ", from " << start + 1 << " to " << target + 1;
  if (!path) return;
  EXPECT_EQ(path->size(), distance) << kind << ", from " << start + 1 << " to " << target + 1;
  EXPECT_EQ(bf.path_problem(*path, start, movers, improvements, false), "")
      << kind << ", from " << start + 1 << " to " << target + 1;
  EXPECT_EQ(path->empty() ? start : path->back().to, target) << kind;
}

void check_status_quo(const Model& m, const BruteForce& bf) {
  const auto targets = all_states(m);
  const auto movers = everyone(m);
  for (State start = 0; start < m.size(); ++start) {
    const StatusQuo sq = status_quo(m, start, targets);
    const auto moves = bf.status_quo_distances(start, false);
    const auto improvements = bf.status_quo_distances(start, true);
    EXPECT_EQ(sq.start, start);
    EXPECT_EQ(sq.reachable, reached(moves)) << "from " << start + 1;
    EXPECT_EQ(sq.reachable_by_improvements, reached(improvements)) << "from " << start + 1;
    ASSERT_EQ(sq.targets.size(), targets.size());
    for (State t = 0; t < m.size(); ++t) {
      EXPECT_EQ(sq.targets[t].state, t);
      check_target(bf, movers, start, t, sq.targets[t].by_moves, moves[t], false);
      check_target(bf, movers, start, t, sq.targets[t].by_improvements, improvements[t], true);
    }
  }
}

bool same_path(const std::vector<Step>& a, const std::vector<Step>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const Step& x, const Step& y) { return x.dm == y.dm && x.from == y.from && x.to == y.to; });
}

void check_coalitions(const Model& m, const BruteForce& bf) {
  const auto which = all_coalitions(m.dm_count());
  const auto targets = all_states(m);
  constexpr std::size_t kBudget = std::size_t{1} << 40;
  const auto result = coalitions(m, which, targets, kBudget, 1);
  const auto threaded = coalitions(m, which, targets, kBudget, 3);
  ASSERT_EQ(result.size(), which.size());
  ASSERT_EQ(threaded.size(), which.size());
  for (std::size_t c = 0; c < which.size(); ++c) {
    const auto& members = which[c];
    EXPECT_EQ(result[c].members, members);
    ASSERT_EQ(threaded[c].upsets.size(), result[c].upsets.size()) << "threads 1 and 3";
    for (std::size_t u = 0; u < result[c].upsets.size(); ++u) {
      EXPECT_EQ(threaded[c].upsets[u].state, result[c].upsets[u].state);
      EXPECT_TRUE(same_path(threaded[c].upsets[u].path, result[c].upsets[u].path)) << "threads 1 and 3";
    }
    std::size_t next = 0;  // upsets come in target order
    for (const State s : targets) {
      const std::uint32_t distance = bf.upset_distance(members, s);
      const bool listed = next < result[c].upsets.size() && result[c].upsets[next].state == s;
      ASSERT_EQ(listed, distance != BruteForce::kUnreached) << "coalition " << c << ", state " << s + 1;
      if (!listed) continue;
      const auto& path = result[c].upsets[next++].path;
      ASSERT_FALSE(path.empty());
      EXPECT_EQ(path.size(), distance) << "the nearest upset, coalition " << c << ", state " << s + 1;
      EXPECT_EQ(bf.path_problem(path, s, members, false, true), "") << "coalition " << c << ", state " << s + 1;
      for (const std::size_t k : members) EXPECT_TRUE(bf.prefers(k, path.back().to, s)) << "member " << k;
    }
    EXPECT_EQ(next, result[c].upsets.size());
  }
}

TEST(ConflictPaths, AllCoalitionsBySizeThenMembers) {
  using V = std::vector<std::vector<std::size_t>>;
  EXPECT_EQ(all_coalitions(1), V{});
  EXPECT_EQ(all_coalitions(2), (V{{0, 1}}));
  EXPECT_EQ(
      all_coalitions(4),
      (V{{0, 1}, {0, 2}, {0, 3}, {1, 2}, {1, 3}, {2, 3}, {0, 1, 2}, {0, 1, 3}, {0, 2, 3}, {1, 2, 3}, {0, 1, 2, 3}}));
}

TEST(ConflictPaths, StatusQuoAndCoalitionsEqualBruteForceOnRandomConflicts) {
  int failing = 0;
  std::size_t upsets = 0, unreachable = 0;
  for (const auto& rc : testing::random_conflicts(kConflicts)) {
    ASSERT_TRUE(rc.scenario.conflict) << rc.yaml;
    SCOPED_TRACE("random conflict " + std::to_string(rc.seed));
    const bool before = HasFailure();
    const Model m = Model::build(rc.scenario);
    const BruteForce bf(m, *rc.scenario.conflict);
    check_status_quo(m, bf);
    check_coalitions(m, bf);
    for (const auto& c : all_coalitions(m.dm_count())) {
      for (State s = 0; s < m.size(); ++s) upsets += bf.upset_distance(c, s) != BruteForce::kUnreached;
    }
    unreachable += reached(bf.status_quo_distances(0, false)) < m.size();
    if (!before && HasFailure()) ADD_FAILURE() << "the conflict:\n" << rc.yaml;
    if (HasFailure() && ++failing >= 3) break;
  }
  EXPECT_GE(upsets, 100u);      // coalitions often can upset a state ...
  EXPECT_GE(unreachable, 30u);  // ... and directions often make states unreachable
}

}  // namespace
}  // namespace parley::conflict
