// SIM's paths that the random corpus (stability_test.cpp, up to 8 options a decision maker) does not reach: a
// decision maker with more than 8 options (no bitsets: its improvements checked one by one), pairs of decision
// makers whose relaxation table would pass 2^16 entries (none built), one-way options on big conflicts; and the
// budget. Each against a direct reading of the definition over the Model's moves (whose moves the brute-force
// oracle checks), on every state or on a fixed sample of them.
#include "conflict/simultaneous.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "conflict/stability.hpp"
#include "parley/error.hpp"
#include "scenario/load.hpp"

namespace parley::conflict {
namespace {

// Decision maker d<i> controls blocks[i] options; every third option one-way (take, then drop); two infeasible
// patterns; 4 to 6 prioritization statements each over any options. From a fixed seed.
std::string conflict_yaml(const std::vector<int>& blocks, unsigned seed) {
  std::mt19937_64 rng(seed);
  int options = 0;
  for (const int b : blocks) options += b;
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  auto literal = [&] { return std::string(uniform(0, 1) ? "" : "not ") + "o" + std::to_string(uniform(1, options)); };
  auto conjunction = [&](int size) {
    std::string out = literal();
    for (int i = 1; i < size; ++i) out += " and " + literal();
    return out;
  };
  std::string y = "parley: 1\ntitle: sim paths\nissues: [{id: nominal}]\nactors:\n";
  for (std::size_t d = 0; d < blocks.size(); ++d) {
    y += "  - {id: d" + std::to_string(d) + ", capability: 1, stances: {nominal: {position: 50, salience: 50}}}\n";
  }
  y += "conflict:\n  options:\n";
  int o = 1;
  for (std::size_t d = 0; d < blocks.size(); ++d) {
    for (int i = 0; i < blocks[d]; ++i, ++o) {
      const char* direction = o % 6 == 3 ? ", direction: take" : o % 6 == 0 ? ", direction: drop" : "";
      y += "    - {id: o" + std::to_string(o) + ", actor: d" + std::to_string(d) + direction + "}\n";
    }
  }
  y += "  infeasible: [\"" + conjunction(3) + "\", \"" + conjunction(3) + "\"]\n  preferences:\n";
  for (std::size_t d = 0; d < blocks.size(); ++d) {
    y += "    d" + std::to_string(d) + ":\n";
    const int statements = uniform(4, 6);
    for (int j = 0; j < statements; ++j) y += "      - \"" + conjunction(uniform(1, 2)) + "\"\n";
  }
  return y;
}

Model model(const std::vector<int>& blocks, unsigned seed) {
  Diagnostics diags;
  const auto s = scenario::load_text(conflict_yaml(blocks, seed), "sim.yaml", {}, diags);
  if (!s) throw std::runtime_error("the test conflict did not load");
  return Model::build(*s);
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

// Every `step`-th state (all with step 1), for every decision maker; the verdicts of the decision makers in
// `mixed` are not all alike.
void expect_definition(const Model& m, State step, const std::vector<std::size_t>& mixed) {
  for (std::size_t k = 0; k < m.dm_count(); ++k) {
    const auto verdicts = simultaneous_stable(m, k, best_moves(m, k), 1e300, nullptr);
    ASSERT_EQ(verdicts.size(), m.size());
    std::size_t stable = 0, checked = 0;
    for (State s = 0; s < m.size(); s += step) {
      EXPECT_EQ(verdicts[s] != 0, sim_stable(m, k, s)) << "d" << k << ", state " << s + 1;
      stable += verdicts[s];
      ++checked;
    }
    if (std::find(mixed.begin(), mixed.end(), k) != mixed.end()) {
      EXPECT_GT(stable, 0U) << "d" << k;
      EXPECT_LT(stable, checked) << "d" << k;
    }
  }
}

TEST(ConflictSimultaneous, ManyOptionsCheckImprovementsOneByOne) {
  // d0's 9 options are past the bitsets' 8: its improvements are checked one by one. d1 and d2 keep their bitsets
  // and relaxations.
  for (const unsigned seed : {1U, 2U, 3U}) expect_definition(model({9, 2, 1}, seed), 1, {0});
}

TEST(ConflictSimultaneous, NoRelaxationPastTheTableSize) {
  // d0 (8 options) against d1 (9): 17 > 16, so that relaxation is not built; d1 has no bitsets. 262,144 codes,
  // every 37th state checked.
  expect_definition(model({8, 9, 1}, 4), 37, {0, 1});
}

TEST(ConflictSimultaneous, TheBudgetStopsWithTheDecisionMakerNamed) {
  const Model m = model({3, 3, 3}, 5);
  std::size_t k = 0;
  bool needs_responses = false;  // some state where k has an improvement and someone can respond
  for (; k < m.dm_count() && !needs_responses; ++k) {
    for (State s = 0; s < m.size() && !needs_responses; ++s) {
      bool improves = false, responds = false;
      m.for_each_improvement(k, s, [&](State) { improves = true; });
      for (std::size_t j = 0; j < m.dm_count(); ++j) {
        if (j != k) m.for_each_improvement(j, s, [&](State) { responds = true; });
      }
      needs_responses = improves && responds && sim_stable(m, k, s);
    }
  }
  ASSERT_TRUE(needs_responses) << "the conflict has a state SIM decides by a response";
  --k;
  try {
    (void)simultaneous_stable(m, k, best_moves(m, k), 0, nullptr);
    ADD_FAILURE() << "no LimitError";
  } catch (const LimitError& e) {
    EXPECT_NE(std::string(e.what()).find("SIM stability for 'd" + std::to_string(k) + "'"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace parley::conflict
