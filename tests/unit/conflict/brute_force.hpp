// An oracle for the graph model, written straight from docs/models.md §4 for conflicts small enough to
// enumerate: unilateral moves by checking every pair of states, group moves by searching over (state, last
// mover) pairs so that no member moves twice in a row, and each stability concept as worded. It takes ranks,
// codes and feasibility from the Model, and nothing else from src/conflict.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "conflict/model.hpp"
#include "conflict/reach.hpp"  // Step, the shape of the paths checked
#include "conflict/stability.hpp"

namespace parley::conflict::testing {

class BruteForce {
 public:
  static constexpr std::uint32_t kUnreached = 0xFFFFFFFFU;

  BruteForce(const Model& m, const Conflict& c);

  [[nodiscard]] std::size_t size() const { return m_->size(); }
  [[nodiscard]] std::size_t dm_count() const { return m_->dm_count(); }
  [[nodiscard]] bool prefers(std::size_t k, State a, State b) const { return m_->rank(k, a) > m_->rank(k, b); }

  /// Decision maker k's unilateral moves from s, ascending.
  [[nodiscard]] const std::vector<State>& moves(std::size_t k, State s) const { return moves_[k][s]; }
  [[nodiscard]] bool is_move(std::size_t k, State s, State t) const;
  /// Its unilateral improvements from s, ascending.
  [[nodiscard]] std::vector<State> improvements(std::size_t k, State s) const;

  /// For group H from s: per state t, the fewest moves of a sequence (at least one move, no member twice in a
  /// row, each an improvement for its mover when `improvements_only`) that ends at t; kUnreached when none.
  /// R_H(s) (or R_H+(s)) is the set of states with a distance.
  [[nodiscard]] std::vector<std::uint32_t> group_distances(const std::vector<std::size_t>& group, State s,
                                                           bool improvements_only) const;

  /// Every decision maker but k.
  [[nodiscard]] std::vector<std::size_t> others(std::size_t k) const;

  /// Whether improvement s1 of k from s is deterred under GMR, SMR or SEQ; and the fewest moves of the
  /// others to a state that deters it (kUnreached when none).
  [[nodiscard]] std::uint32_t sanction_distance(std::size_t k, State s, State s1, Concept c) const;
  [[nodiscard]] bool sanctioned(std::size_t k, State s, State s1, Concept c) const {
    return sanction_distance(k, s, s1, c) != kUnreached;
  }
  /// SIM, as worded: whether some choice of the others, each staying at s or making one of its improvements from
  /// s, yields with k's improvement s1 a feasible state k does not prefer to s. The state yielded takes each
  /// option's value from the state its controller chose (s1 for k's).
  [[nodiscard]] bool simultaneously_sanctioned(std::size_t k, State s, State s1) const;
  /// Whether s is stable for k under Nash, GMR, SMR, SEQ or SIM.
  [[nodiscard]] bool stable(std::size_t k, State s, Concept c) const;

  /// Limited move (two decision makers): G_h(k, s), and the move k makes first (kNoState when it stays), by
  /// the literal recursion with the engine's documented tie rules: the best outcome for k; among outcomes k
  /// likes equally, the best for the opponent (`for_opponent`) or the worst (otherwise); then the
  /// lowest-numbered outcome state, then the lowest-numbered move.
  struct Limited {
    State outcome = 0;
    State first_move = kNoState;
  };
  [[nodiscard]] Limited limited(int h, std::size_t k, State s, bool for_opponent = true) const;
  /// L_h-stable: k stays under both tie rules. Decided by ties: the two rules disagree.
  [[nodiscard]] bool limited_stable(int h, std::size_t k, State s) const {
    return limited(h, k, s, true).outcome == s && limited(h, k, s, false).outcome == s;
  }
  [[nodiscard]] bool limited_by_ties(int h, std::size_t k, State s) const {
    return (limited(h, k, s, true).outcome == s) != (limited(h, k, s, false).outcome == s);
  }

  /// The fewest moves by which coalition C reaches from s a state every member strictly prefers to s
  /// (kUnreached: C cannot upset s).
  [[nodiscard]] std::uint32_t upset_distance(const std::vector<std::size_t>& coalition, State s) const;

  /// Why `path` is not a legal sequence from `from` (empty when it is): each step starts where the last
  /// ended and is a unilateral move of its mover (an improvement for it when `improvements_only`), every
  /// mover is in `movers`, and, when `alternating`, no mover moves twice in a row.
  [[nodiscard]] std::string path_problem(const std::vector<Step>& path, State from,
                                         const std::vector<std::size_t>& movers, bool improvements_only,
                                         bool alternating) const;

  /// Status quo analysis: from `start`, the fewest moves (or improvements) by any decision makers in any
  /// order to each state; 0 for the start, kUnreached when not reachable.
  [[nodiscard]] std::vector<std::uint32_t> status_quo_distances(State start, bool improvements_only) const;

 private:
  const std::vector<std::uint32_t>& others_distances(std::size_t k, State s1, bool improvements_only) const;

  const Model* m_;
  std::vector<Code> controlled_;                        // per decision maker: the options it controls
  std::vector<std::vector<std::vector<State>>> moves_;  // per dm, per state
  mutable std::map<std::tuple<std::size_t, State, bool>, std::vector<std::uint32_t>> others_cache_;
  mutable std::map<std::tuple<int, std::size_t, State, bool>, Limited> limited_cache_;
};

}  // namespace parley::conflict::testing
