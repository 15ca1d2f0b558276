#include "conflict/stability.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>

#include "brute_force.hpp"
#include "conflict/explain.hpp"
#include "parley/error.hpp"
#include "random_conflicts.hpp"
#include "scenario/load.hpp"

namespace parley::conflict {
namespace {

using testing::BruteForce;

Scenario load_file(const std::string& path) {
  Diagnostics diags;
  auto s = scenario::load_file(path, {}, diags);
  if (!s) {
    ADD_FAILURE() << path << " did not load";
    return {};
  }
  return std::move(*s);
}

Scenario load_text(const std::string& text) {
  Diagnostics diags;
  auto s = scenario::load_text(text, "t.yaml", {}, diags);
  if (!s) {
    std::string why;
    for (const auto& x : diags.sorted()) why += format_diagnostic(x) + "\n";
    ADD_FAILURE() << why;
    return {};
  }
  return std::move(*s);
}

// The case file's letters for one state and decision maker: N, G, S, Q (and M for SIM) when stable, '.' when not.
std::string letters(const Stability& st, std::size_t k, State s) {
  std::string out;
  for (const auto& [c, letter] :
       {std::pair{Concept::nash, 'N'}, std::pair{Concept::gmr, 'G'}, std::pair{Concept::smr, 'S'},
        std::pair{Concept::seq, 'Q'}, std::pair{Concept::sim, 'M'}}) {
    out += st.stable(k, s, c) ? letter : '.';
  }
  return out;
}

std::string letters(const BruteForce& bf, std::size_t k, State s) {
  std::string out;
  for (const auto& [c, letter] :
       {std::pair{Concept::nash, 'N'}, std::pair{Concept::gmr, 'G'}, std::pair{Concept::smr, 'S'},
        std::pair{Concept::seq, 'Q'}, std::pair{Concept::sim, 'M'}}) {
    out += bf.stable(k, s, c) ? letter : '.';
  }
  return out;
}

// State numbers as docs/models.md §4.1 writes them (1-based).
std::vector<int> numbers(const std::vector<State>& states) {
  std::vector<int> out;
  out.reserve(states.size());
  for (const State s : states) out.push_back(static_cast<int>(s) + 1);
  return out;
}

// The states in increasing order of k's liking, as 1-based numbers (best last); fails on a tie.
std::vector<int> ranking_worst_first(const Model& m, std::size_t k) {
  std::vector<State> states(m.size());
  for (State s = 0; s < m.size(); ++s) states[s] = s;
  std::sort(states.begin(), states.end(), [&](State a, State b) { return m.rank(k, a) < m.rank(k, b); });
  for (std::size_t j = 1; j < states.size(); ++j) EXPECT_NE(m.rank(k, states[j - 1]), m.rank(k, states[j]));
  return numbers(states);
}

struct Classic {
  const char* file;
  std::vector<int> p1_worst_first, p2_worst_first;
  std::array<std::array<const char*, 2>, 4> table;  // per state: P1, P2
  std::array<std::vector<int>, 5> equilibria;       // Nash, GMR, SMR, SEQ, SIM
  std::array<std::vector<int>, 4> limited;          // L1..L4
};

void check_classic(const Classic& c) {
  SCOPED_TRACE(c.file);
  const Scenario s = load_file(std::string(PARLEY_SOURCE_DIR) + "/examples/" + c.file);
  ASSERT_TRUE(s.conflict);
  const Model m = Model::build(s);
  ASSERT_EQ(m.size(), 4u);
  ASSERT_EQ(m.dm_count(), 2u);
  for (State st = 0; st < 4; ++st) EXPECT_EQ(m.code(st), st);  // states 1..4 are codes 0..3: NN, YN, NY, YY
  EXPECT_EQ(ranking_worst_first(m, 0), c.p1_worst_first);
  EXPECT_EQ(ranking_worst_first(m, 1), c.p2_worst_first);

  const Stability st = analyse_stability(m, {});
  const BruteForce bf(m, *s.conflict);
  for (State x = 0; x < 4; ++x) {
    for (std::size_t k = 0; k < 2; ++k) {
      EXPECT_EQ(letters(st, k, x), c.table[x][k]) << "state " << x + 1 << ", P" << k + 1;
      EXPECT_EQ(letters(bf, k, x), c.table[x][k]) << "oracle, state " << x + 1 << ", P" << k + 1;
    }
  }
  for (std::size_t j = 0; j < kSolutionConcepts.size(); ++j) {
    EXPECT_EQ(numbers(st.equilibria(kSolutionConcepts[j])), c.equilibria[j]) << concept_title(kSolutionConcepts[j]);
  }
  for (int h = 1; h <= 4; ++h) {
    StabilityOptions options;
    options.horizon = h;
    const Stability lh = analyse_stability(m, options);
    EXPECT_EQ(numbers(lh.equilibria(Concept::limited)), c.limited[static_cast<std::size_t>(h - 1)]) << "L" << h;
    std::vector<int> oracle;
    for (State x = 0; x < 4; ++x) {
      if (bf.limited_stable(h, 0, x) && bf.limited_stable(h, 1, x)) oracle.push_back(static_cast<int>(x) + 1);
    }
    EXPECT_EQ(oracle, c.limited[static_cast<std::size_t>(h - 1)]) << "oracle L" << h;
  }
}

// tests/data/reference/gmcr-classics.md: the Prisoner's Dilemma. Under SIM mutual cooperation (4) is stable: each
// one's defection meets the other's, made at the same moment, in mutual defection; gmcr-py agrees
// (tests/conflict_reference/gmcr_py_files/dilemma.expected.json).
TEST(ConflictStability, PrisonersDilemmaAsTabulated) {
  check_classic(Classic{"prisoners-dilemma.yaml",
                        {2, 1, 4, 3},  // P1: 3 > 4 > 1 > 2
                        {3, 1, 4, 2},  // P2: 2 > 4 > 1 > 3
                        {{{"NGSQM", "NGSQM"}, {".....", "NGSQM"}, {"NGSQM", "....."}, {".GSQM", ".GSQM"}}},
                        {{{1}, {1, 4}, {1, 4}, {1, 4}, {1, 4}}},
                        {{{1}, {1, 4}, {1, 4}, {1, 4}}}});
}

// tests/data/reference/gmcr-classics.md: Chicken. Mutual swerving is GMR and SMR stable but not SEQ; L2 is empty.
// Under SIM mutual swerving is stable (going straight meets the other going straight at the same moment: the
// crash), and the crash is not (swerving meets the other's swerve: mutual swerving, which beats the crash).
TEST(ConflictStability, ChickenAsTabulated) {
  check_classic(Classic{"chicken.yaml",
                        {1, 2, 4, 3},  // P1: 3 > 4 > 2 > 1
                        {1, 3, 4, 2},  // P2: 2 > 4 > 3 > 1
                        {{{".....", "....."}, {"NGSQM", "NGSQM"}, {"NGSQM", "NGSQM"}, {".GS.M", ".GS.M"}}},
                        {{{2, 3}, {2, 3, 4}, {2, 3, 4}, {2, 3}, {2, 3, 4}}},
                        {{{2, 3}, {}, {4}, {4}}}});
}

// A sanction that needs one of the others to move twice, not in a row: K's improvement (taking k1) is
// deterred only at a state with a2, which A can take only after B has taken b1, which B can take only after
// A has taken a1. So the sanction is A, B, A.
constexpr const char* kTwiceNotInARow = R"(parley: 1
title: a sanction in which A moves twice
issues:
  - {id: nominal, scale: [0, 100]}
actors:
  - {id: k, capability: 1, stances: {}}
  - {id: a, capability: 1, stances: {}}
  - {id: b, capability: 1, stances: {}}
conflict:
  options:
    - {id: k1, actor: k}
    - {id: a1, actor: a, direction: take}
    - {id: a2, actor: a, direction: take}
    - {id: b1, actor: b, direction: take}
  infeasible:
    - "a2 and not b1"
    - "b1 and not a1"
  preferences:
    k: [not a2, k1]
    a: [a1, a2]
    b: [b1]
)";

TEST(ConflictStability, SanctionWhereAMemberMovesTwiceNotInARow) {
  const Scenario s = load_text(kTwiceNotInARow);
  ASSERT_TRUE(s.conflict);
  const Model m = Model::build(s);
  const BruteForce bf(m, *s.conflict);
  const State start = *m.state_of(0);          // all N
  const State improved = *m.state_of(0b0001);  // k1
  const State sanction = *m.state_of(0b1111);  // k1, a1, a2, b1
  ASSERT_EQ(bf.improvements(0, start), std::vector<State>{improved});

  // Neither A alone, nor B alone, nor A then B reaches a2; A, B, A does.
  const auto reach = bf.group_distances({1, 2}, improved, false);
  EXPECT_EQ(reach[sanction], 3u);
  EXPECT_EQ(bf.group_distances({1}, improved, false)[sanction], BruteForce::kUnreached);
  for (State x = 0; x < m.size(); ++x) {
    if (((m.code(x) >> 2) & 1U) != 0) {
      EXPECT_GE(reach[x], 3u) << "a2 needs three moves";
    }
  }

  const Stability st = analyse_stability(m, {});
  for (const Concept c : {Concept::gmr, Concept::smr, Concept::seq}) {
    EXPECT_TRUE(bf.stable(0, start, c)) << concept_title(c);
    EXPECT_TRUE(st.stable(0, start, c)) << concept_title(c);
  }
  EXPECT_FALSE(st.stable(0, start, Concept::nash));

  // The explanation shows that sanction: A, B, A.
  const auto explanations = explain(m, st, start, 0);
  ASSERT_EQ(explanations.size(), 5U);  // Nash, GMR, SMR, SEQ, SIM
  for (const Explanation& e : explanations) {
    if (e.kind == Concept::nash || e.kind == Concept::sim) continue;
    ASSERT_EQ(e.improvements.size(), 1u);
    ASSERT_TRUE(e.improvements[0].sanction) << concept_title(e.kind);
    const auto& path = *e.improvements[0].sanction;
    ASSERT_EQ(path.size(), 3u);
    EXPECT_EQ(path[0].dm, 1u);
    EXPECT_EQ(path[1].dm, 2u);
    EXPECT_EQ(path[2].dm, 1u);
    EXPECT_EQ(path[2].to, sanction);
  }

  // When B would not take b1 for its own sake, the sanction is still available (GMR) but no longer
  // credible (SEQ).
  std::string no_b = kTwiceNotInARow;
  no_b.replace(no_b.find("b: [b1]"), 7, "b: [not b1]");
  const Scenario s2 = load_text(no_b);
  const Model m2 = Model::build(s2);
  const Stability st2 = analyse_stability(m2, {});
  const BruteForce bf2(m2, *s2.conflict);
  EXPECT_TRUE(st2.stable(0, start, Concept::gmr));
  EXPECT_FALSE(st2.stable(0, start, Concept::seq));
  EXPECT_FALSE(bf2.stable(0, start, Concept::seq));
}

// ---- Property tests: the engine against the oracle on random conflicts ----

constexpr std::size_t kConflicts = 320;

struct Coverage {
  int take = 0, drop = 0, infeasible = 0, ties = 0, rankings = 0, statements = 0, three_plus = 0, one_dm = 0,
      two_dm = 0, gmr_not_seq = 0, seq_not_smr = 0, smr_not_seq = 0, limited_varies = 0, limited_ties = 0, big = 0,
      sim_not_seq = 0, seq_not_sim = 0, sim_three_plus = 0;
};

// The model agrees with what the generator drew: feasible states in code order, and each decision maker's
// preferences (lexicographic over statements, or the tiers of the ranking).
void check_model(const testing::RandomConflict& rc, const Model& m) {
  const auto& spec = rc.spec;
  std::vector<Code> feasible;
  for (Code c = 0; c < (Code{1} << spec.options); ++c) {
    if (spec.feasible(c)) feasible.push_back(c);
  }
  ASSERT_EQ(m.size(), feasible.size());
  for (State s = 0; s < m.size(); ++s) ASSERT_EQ(m.code(s), feasible[s]);
  ASSERT_EQ(m.dm_count(), spec.dms.size());
  for (std::size_t k = 0; k < spec.dms.size(); ++k) {
    const auto& p = spec.dms[k];
    // A key per state that orders as k's liking: the statements' truths, or minus the tier.
    std::vector<std::int64_t> key(m.size(), 0);
    for (State s = 0; s < m.size(); ++s) {
      if (p.ranking.empty()) {
        for (const auto& f : p.statements) key[s] = 2 * key[s] + (f.holds(m.code(s)) ? 1 : 0);
      } else {
        for (std::size_t tier = 0; tier < p.ranking.size(); ++tier) {
          const auto& t = p.ranking[tier];
          if (std::find(t.begin(), t.end(), m.code(s)) != t.end()) key[s] = -static_cast<std::int64_t>(tier);
        }
      }
    }
    for (State a = 0; a < m.size(); ++a) {
      for (State b = 0; b < m.size(); ++b) {
        ASSERT_EQ(m.rank(k, a) < m.rank(k, b), key[a] < key[b]) << "dm " << k << " states " << a + 1 << ", " << b + 1;
      }
    }
  }
}

void expect_same_tables(const Stability& a, const Stability& b) {
  ASSERT_EQ(a.dms.size(), b.dms.size());
  for (std::size_t k = 0; k < a.dms.size(); ++k) {
    EXPECT_EQ(a.dms[k].best_move, b.dms[k].best_move);
    EXPECT_EQ(a.dms[k].gmr_floor, b.dms[k].gmr_floor);
    EXPECT_EQ(a.dms[k].smr_floor, b.dms[k].smr_floor);
    EXPECT_EQ(a.dms[k].seq_floor, b.dms[k].seq_floor);
    EXPECT_EQ(a.dms[k].outcome, b.dms[k].outcome);
    EXPECT_EQ(a.dms[k].first_move, b.dms[k].first_move);
    EXPECT_EQ(a.dms[k].stable, b.dms[k].stable);
  }
}

void check_against_oracle(const testing::RandomConflict& rc, Coverage& cov) {
  const Model m = Model::build(rc.scenario);
  check_model(rc, m);
  const BruteForce bf(m, *rc.scenario.conflict);
  const std::size_t n = m.size(), dms = m.dm_count();

  // Unilateral moves: the engine's option flips against the oracle's pairwise check.
  for (std::size_t k = 0; k < dms; ++k) {
    for (State s = 0; s < n; ++s) {
      std::vector<State> engine;
      m.for_each_move(k, s, [&](State t) { engine.push_back(t); });
      std::sort(engine.begin(), engine.end());
      ASSERT_EQ(engine, bf.moves(k, s)) << "moves of dm " << k << " from state " << s + 1;
    }
  }

  StabilityOptions one, three;
  one.threads = 1;
  three.threads = 3;
  const Stability st = analyse_stability(m, one);
  expect_same_tables(st, analyse_stability(m, three));
  for (std::size_t k = 0; k < dms; ++k) {
    for (State s = 0; s < n; ++s) {
      for (const Concept c : kSolutionConcepts) {
        EXPECT_EQ(st.stable(k, s, c), bf.stable(k, s, c))
            << "dm " << m.dm(k).id << ", state " << s + 1 << ", " << concept_title(c);
      }
      const bool nash = st.stable(k, s, Concept::nash), gmr = st.stable(k, s, Concept::gmr);
      const bool smr = st.stable(k, s, Concept::smr), seq = st.stable(k, s, Concept::seq);
      EXPECT_TRUE(!nash || smr) << "Nash within SMR, state " << s + 1;
      EXPECT_TRUE(!nash || seq) << "Nash within SEQ, state " << s + 1;
      EXPECT_TRUE(!smr || gmr) << "SMR within GMR, state " << s + 1;
      EXPECT_TRUE(!seq || gmr) << "SEQ within GMR, state " << s + 1;
      cov.gmr_not_seq += gmr && !seq;
      cov.seq_not_smr += seq && !smr;
      cov.smr_not_seq += smr && !seq;
      const bool sim = st.stable(k, s, Concept::sim);
      EXPECT_TRUE(!nash || sim) << "Nash within SIM, state " << s + 1;
      // With one opponent its simultaneous move, made after k's instead, is a move from k's improvement.
      EXPECT_TRUE(dms != 2 || !sim || gmr) << "SIM within GMR for two decision makers, state " << s + 1;
      cov.sim_not_seq += sim && !seq;
      cov.seq_not_sim += seq && !sim;
      cov.sim_three_plus += dms >= 3 && sim && !nash;
    }
  }

  if (dms == 2) {
    std::vector<std::uint8_t> first_stable;
    for (int h = 1; h <= 4; ++h) {
      one.horizon = three.horizon = h;
      const Stability lh = analyse_stability(m, one);
      expect_same_tables(lh, analyse_stability(m, three));
      std::vector<std::uint8_t> stable;
      for (std::size_t k = 0; k < 2; ++k) {
        for (State s = 0; s < n; ++s) {
          const auto expected = bf.limited(h, k, s);
          EXPECT_EQ(lh.dms[k].outcome[s], expected.outcome) << "G_" << h << "(" << k << ", " << s + 1 << ")";
          EXPECT_EQ(lh.dms[k].first_move[s], expected.first_move) << "L" << h << " first move, " << k << ", " << s + 1;
          EXPECT_EQ(lh.stable(k, s, Concept::limited), bf.limited_stable(h, k, s))
              << "L" << h << ", " << k << ", " << s + 1;
          EXPECT_EQ(lh.dms[k].limited_by_ties[s] != 0, bf.limited_by_ties(h, k, s))
              << "L" << h << " ties, " << k << ", " << s + 1;
          if (bf.limited_by_ties(h, k, s)) ++cov.limited_ties;
          stable.push_back(lh.stable(k, s, Concept::limited) ? 1 : 0);
        }
      }
      if (h == 1) first_stable = stable;
      else if (stable != first_stable) ++cov.limited_varies;
    }
  }

  const auto& c = *rc.scenario.conflict;
  cov.take +=
      std::any_of(c.options.begin(), c.options.end(), [](const auto& o) { return o.direction == Direction::take; });
  cov.drop +=
      std::any_of(c.options.begin(), c.options.end(), [](const auto& o) { return o.direction == Direction::drop; });
  cov.infeasible += n < (std::size_t{1} << m.option_count());
  cov.three_plus += dms >= 3;
  cov.one_dm += dms == 1;
  cov.two_dm += dms == 2;
  cov.big += n >= 128;
  for (std::size_t k = 0; k < dms; ++k) {
    cov.rankings += m.dm(k).truth.empty();
    cov.statements += !m.dm(k).truth.empty();
    std::vector<Rank> ranks = m.dm(k).rank;
    std::sort(ranks.begin(), ranks.end());
    cov.ties += std::adjacent_find(ranks.begin(), ranks.end()) != ranks.end();
  }
}

TEST(ConflictStability, EngineEqualsBruteForceOnRandomConflicts) {
  Coverage cov;
  int failing = 0;
  for (const auto& rc : testing::random_conflicts(kConflicts)) {
    ASSERT_TRUE(rc.scenario.conflict) << rc.yaml;
    SCOPED_TRACE("random conflict " + std::to_string(rc.seed));
    const bool before = HasFailure();
    check_against_oracle(rc, cov);
    if (!before && HasFailure()) ADD_FAILURE() << "the conflict:\n" << rc.yaml;
    if (HasFailure() && ++failing >= 3) break;
  }
  // The corpus exercises what it should.
  EXPECT_GE(cov.take, 30);
  EXPECT_GE(cov.drop, 30);
  EXPECT_GE(cov.infeasible, 30);
  EXPECT_GE(cov.ties, 30);
  EXPECT_GE(cov.rankings, 30);
  EXPECT_GE(cov.statements, 30);
  EXPECT_GE(cov.three_plus, 30);
  EXPECT_GE(cov.one_dm, 10);
  EXPECT_GE(cov.two_dm, 50);
  EXPECT_GE(cov.big, 10);
  EXPECT_GE(cov.gmr_not_seq, 10);
  EXPECT_GE(cov.seq_not_smr, 10);
  EXPECT_GE(cov.smr_not_seq, 10);
  EXPECT_GE(cov.limited_varies, 10);
  EXPECT_GE(cov.limited_ties, 5);
  EXPECT_GE(cov.sim_not_seq, 10);
  EXPECT_GE(cov.seq_not_sim, 10);
  EXPECT_GE(cov.sim_three_plus, 10);
}

TEST(ConflictStability, HorizonNeedsTwoDecisionMakersAndARange) {
  const Scenario three = load_text(kTwiceNotInARow);
  StabilityOptions options;
  options.horizon = 2;
  EXPECT_THROW((void)analyse_stability(Model::build(three), options), UsageError);
  const Scenario two = load_file(std::string(PARLEY_SOURCE_DIR) + "/examples/chicken.yaml");
  const Model m = Model::build(two);
  for (const int h : {0, -1, kMaxHorizon + 1}) {
    options.horizon = h;
    EXPECT_THROW((void)analyse_stability(m, options), UsageError) << h;
  }
  options.horizon = kMaxHorizon;
  EXPECT_NO_THROW((void)analyse_stability(m, options));
}

}  // namespace
}  // namespace parley::conflict

namespace parley::conflict {
namespace {

// The L_h verdicts of a conflict with ties must not depend on the order the options are declared in (a
// reviewer's case: two of d1's outcomes tie for d0 and the old lowest-number rule picked by position).
TEST(ConflictStability, LimitedMoveDoesNotDependOnOptionOrder) {
  const std::string head = R"(parley: 1
title: ties
issues: [{id: nominal}]
actors:
  - {id: d0, capability: 1, stances: {nominal: {position: 50, salience: 50}}}
  - {id: d1, capability: 1, stances: {nominal: {position: 50, salience: 50}}}
conflict:
)";
  const std::string prefs = R"yaml(  preferences:
    d0: ["not b2", "b1"]
    d1: ["a", "b1 or b2", "not (b1 and b2)"]
)yaml";
  const Scenario one =
      load_text(head + "  options: [{id: a, actor: d0}, {id: b1, actor: d1}, {id: b2, actor: d1}]\n" + prefs);
  const Scenario two =
      load_text(head + "  options: [{id: a, actor: d0}, {id: b2, actor: d1}, {id: b1, actor: d1}]\n" + prefs);
  const Model m1 = Model::build(one), m2 = Model::build(two);
  // The same choice of options in the second order: swap bits 1 and 2.
  const auto swap = [](Code c) { return (c & 1U) | ((c >> 1) & 2U) | ((c << 1) & 4U); };
  for (int h = 1; h <= 4; ++h) {
    StabilityOptions o;
    o.horizon = h;
    const Stability a = analyse_stability(m1, o), b = analyse_stability(m2, o);
    std::size_t ties = 0;
    for (State s = 0; s < m1.size(); ++s) {
      const State t = *m2.state_of(swap(m1.code(s)));
      for (std::size_t k = 0; k < 2; ++k) {
        EXPECT_EQ(a.stable(k, s, Concept::limited), b.stable(k, t, Concept::limited)) << "L" << h << " state " << s + 1;
        EXPECT_EQ(a.dms[k].limited_by_ties[s], b.dms[k].limited_by_ties[t]) << "L" << h << " state " << s + 1;
        ties += a.dms[k].limited_by_ties[s];
      }
    }
    if (h == 2) {
      EXPECT_GT(ties, 0U);  // the case does exercise the tie rules
    }
  }
}

}  // namespace
}  // namespace parley::conflict
