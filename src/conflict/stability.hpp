// Stability of every state for every decision maker under Nash, GMR, SMR, SEQ and SIM, any number of decision
// makers, and limited-move stability L_h for two (docs/models.md §4.5-4.6; Fang, Hipel & Kilgour 1993;
// Kilgour 1985). Each concept but SIM reduces to one table per decision maker, computed once for all states;
// SIM is decided state by state (simultaneous.hpp).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "conflict/model.hpp"
#include "core/work.hpp"

namespace parley::conflict {

enum class Concept : std::uint8_t { nash, gmr, smr, seq, sim, limited };
inline constexpr std::array<Concept, 5> kSolutionConcepts = {Concept::nash, Concept::gmr, Concept::smr, Concept::seq,
                                                             Concept::sim};
[[nodiscard]] std::string_view concept_name(Concept c);   // nash, gmr, smr, seq, sim, limited
[[nodiscard]] std::string_view concept_title(Concept c);  // Nash, GMR, SMR, SEQ, SIM, L_h
/// What the concept asks of a state, in a reader's words (docs/models.md §4.5-4.6); `horizon` for L_h.
[[nodiscard]] std::string concept_meaning(Concept c, std::optional<int> horizon);

inline constexpr Rank kNoMove = 0xFFFFFFFFU;

/// One decision maker's tables: what the verdicts rest on, kept so every verdict can be explained.
struct DecisionMakerStability {
  /// Per state: the best rank k can reach by one unilateral move (kNoMove when k cannot move).
  std::vector<Rank> best_move;
  /// Per state x, over the states y the others can reach from x (x included): GMR, the least rank of k;
  /// SMR, the least of max(rank of k at y, best_move at y), so that a value at most r means a sanction k
  /// cannot escape from to anything above r; SEQ, the least rank of k when every step is an improvement
  /// for its mover.
  std::vector<Rank> gmr_floor, smr_floor, seq_floor;
  /// Limited move, when a horizon is given: G_h(k, s) and the move k makes first (kNoState: it stays), with
  /// ties broken in the opponent's favour; and per state, 1 when the verdict depends on how ties are broken
  /// (the state then counts as not L_h-stable).
  std::vector<State> outcome, first_move;
  std::vector<std::uint8_t> limited_by_ties;
  /// Per state: bit c set when the state is stable for k under concept c.
  std::vector<std::uint8_t> stable;
};

struct StabilityOptions {
  unsigned threads = 0;        // 0: every hardware thread; results do not depend on it
  std::optional<int> horizon;  // L_h, two decision makers only
  /// Told of each pass (phase "passes": five per decision maker, two per level of L_h) and asked whether to stop
  /// (throws Cancelled); none: runs to the end.
  core::Work* work = nullptr;
  /// SIM: the others' simultaneous responses examined for one decision maker, at most (LimitError past it).
  double max_responses = 4e10;
};

struct Stability {
  std::vector<DecisionMakerStability> dms;
  std::optional<int> horizon;

  [[nodiscard]] bool stable(std::size_t k, State s, Concept c) const {
    return ((dms[k].stable[s] >> static_cast<unsigned>(c)) & 1U) != 0;
  }
  [[nodiscard]] bool equilibrium(State s, Concept c) const;
  /// Limited move: the states whose L_h verdict for some decision maker depends on how ties are broken.
  [[nodiscard]] std::vector<State> limited_by_ties() const;
  [[nodiscard]] std::vector<State> equilibria(Concept c) const;
  /// The states that are an equilibrium under at least one concept computed, ascending.
  [[nodiscard]] std::vector<State> equilibria_any() const;
  /// The concepts computed: the five, and limited when a horizon was given.
  [[nodiscard]] std::vector<Concept> concepts() const;
};

/// Throws UsageError for a horizon with other than two decision makers, or outside [1, kMaxHorizon].
[[nodiscard]] Stability analyse_stability(const Model& m, const StabilityOptions& options);

inline constexpr int kMaxHorizon = 1000;

}  // namespace parley::conflict
