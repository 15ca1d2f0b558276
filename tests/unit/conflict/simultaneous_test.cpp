// SIM's paths that the random corpus (stability_test.cpp, up to 8 options a decision maker) does not reach: a
// decision maker with more than 8 options (no bitsets: its improvements checked one by one), pairs of decision
// makers whose relaxation table would pass 2^16 entries (none built), one-way options on big conflicts; and the
// budget. Each against a direct reading of the definition over the Model's moves (whose moves the brute-force
// oracle checks), on every state or on a fixed sample of them.
#include "conflict/simultaneous.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "conflict/stability.hpp"
#include "parley/error.hpp"
#include "random_conflicts.hpp"

namespace parley::conflict {
namespace {

// Decision maker a<k> controls blocks[k] options, in contiguous blocks; statements, one-way options and infeasible
// patterns as the random corpus draws them (random_conflicts.hpp), from `seed`.
Model model(const std::vector<std::size_t>& blocks, std::uint64_t seed) {
  testing::RandomConflictOptions options;
  options.blocks = blocks;
  options.ranking_chance = 0;  // an explicit ranking of 2^18 states would be a 6 MB file
  const auto rc = testing::random_conflict(seed, options);
  if (!rc.scenario.conflict) throw std::runtime_error("the test conflict did not load");
  return Model::build(rc.scenario);
}

// The definition, directly: every improvement t of k from s needs a choice, per other decision maker, of staying
// or one of its improvements from s (someone moving), whose outcome (t's code changed as each mover changed s)
// is feasible and no better for k than s.
bool sim_stable(const Model& m, std::size_t k, State s) {
  std::vector<std::vector<Code>> changes;
  for (std::size_t j = 0; j < m.dm_count(); ++j) {
    if (j == k) continue;
    changes.emplace_back(1, 0);  // staying
    m.for_each_improvement(j, s, [&](State u) { changes.back().push_back(m.code(u) ^ m.code(s)); });
  }
  bool stable = true;
  m.for_each_improvement(k, s, [&](State t) {
    if (!stable) return;
    bool sanctioned = false;
    std::vector<std::size_t> pick(changes.size(), 0);
    while (!sanctioned) {
      Code change = 0;
      for (std::size_t i = 0; i < changes.size(); ++i) change ^= changes[i][pick[i]];
      if (change != 0) {
        const auto x = m.state_of(m.code(t) ^ change);
        sanctioned = x && m.rank(k, *x) <= m.rank(k, s);
      }
      std::size_t i = 0;
      while (i < pick.size() && pick[i] + 1 == changes[i].size()) pick[i++] = 0;
      if (i == pick.size()) break;
      ++pick[i];
    }
    stable = sanctioned;
  });
  return stable;
}

std::vector<Rank> best_moves(const Model& m, std::size_t k) {
  std::vector<Rank> best(m.size(), kNoMove);
  for (State x = 0; x < m.size(); ++x) {
    m.for_each_move(k, x, [&](State t) {
      if (best[x] == kNoMove || m.rank(k, t) > best[x]) best[x] = m.rank(k, t);
    });
  }
  return best;
}

// Whether some state is SIM-stable for k only through a response: k has an improvement there, all sanctioned.
bool decided_by_a_response(const Model& m, std::size_t k) {
  for (State s = 0; s < m.size(); ++s) {
    bool improves = false;
    m.for_each_improvement(k, s, [&](State) { improves = true; });
    if (improves && sim_stable(m, k, s)) return true;
  }
  return false;
}

// Every `step`-th state (all with step 1), for every decision maker; the verdicts of the decision makers in
// `mixed` are not all alike.
void expect_definition(const Model& m, State step, const std::vector<std::size_t>& mixed) {
  for (std::size_t k = 0; k < m.dm_count(); ++k) {
    const auto verdicts = simultaneous_stable(m, k, best_moves(m, k), 1e300, nullptr);
    ASSERT_EQ(verdicts.size(), m.size());
    std::size_t stable = 0, checked = 0;
    for (State s = 0; s < m.size(); s += step) {
      EXPECT_EQ(verdicts[s] != 0, sim_stable(m, k, s)) << m.dm(k).id << ", state " << s + 1;
      stable += verdicts[s];
      ++checked;
    }
    if (std::find(mixed.begin(), mixed.end(), k) != mixed.end()) {
      EXPECT_GT(stable, 0U) << m.dm(k).id;
      EXPECT_LT(stable, checked) << m.dm(k).id;
    }
  }
}

TEST(ConflictSimultaneous, ManyOptionsCheckImprovementsOneByOne) {
  // a0's 9 options are past the bitsets' 8: its improvements are checked one by one. a1 and a2 keep their bitsets
  // and relaxations. The seeds are those of the first 40 whose a0 has a state made stable by a response.
  for (const std::uint64_t seed : {8U, 30U, 37U}) {
    const Model m = model({9, 2, 1}, seed);
    ASSERT_TRUE(decided_by_a_response(m, 0)) << "seed " << seed;
    expect_definition(m, 1, {0});
  }
}

TEST(ConflictSimultaneous, NoRelaxationPastTheTableSize) {
  // a0 (8 options) against a1 (9): 17 > 16, so that relaxation is not built; a1 has no bitsets. Up to 262,144
  // states, every 37th checked.
  expect_definition(model({8, 9, 1}, 4), 37, {0, 1});
}

TEST(ConflictSimultaneous, TheBudgetStopsWithTheDecisionMakerNamed) {
  // The first of the seeds' conflicts with such a state, for its first such decision maker.
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const Model m = model({3, 3, 3}, seed);
    for (std::size_t k = 0; k < m.dm_count(); ++k) {
      if (!decided_by_a_response(m, k)) continue;
      try {
        (void)simultaneous_stable(m, k, best_moves(m, k), 0, nullptr);
        ADD_FAILURE() << "no LimitError";
      } catch (const LimitError& e) {
        EXPECT_NE(std::string(e.what()).find("SIM stability for '" + m.dm(k).id + "'"), std::string::npos) << e.what();
      }
      return;
    }
  }
  ADD_FAILURE() << "none of the 20 conflicts has a state SIM decides by a response";
}

}  // namespace
}  // namespace parley::conflict
