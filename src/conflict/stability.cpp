// The four solution concepts as tables (docs/models.md §4.5). For decision maker k at state s with rank r:
// - Nash: no unilateral improvement, i.e. best_move(s) <= r.
// - GMR: every improvement t has a sanction: some state the others reach from t that k likes no more than
//   s, i.e. gmr_floor(t) <= r.
// - SMR: as GMR, from a sanction y where k's best unilateral move is no better than s either, i.e.
//   smr_floor(t) <= r with the value max(rank(y), best_move(y)).
// - SEQ: as GMR, the others moving by improvements only, i.e. seq_floor(t) <= r.
// - SIM: the others respond at the same time as k, from s, each by one of its own improvements or not at all
//   (simultaneous.hpp), state by state.
// The floors are minima over reachable sets, one pass of min_reachable per graph (reach.hpp), so the cost is
// linear in the number of moves rather than in |S|^2.
#include "conflict/stability.hpp"

#include <algorithm>

#include "conflict/reach.hpp"
#include "conflict/simultaneous.hpp"
#include "core/parallel.hpp"
#include "parley/error.hpp"

namespace parley::conflict {

namespace {
constexpr std::uint8_t bit(Concept c) {
  return static_cast<std::uint8_t>(1U << static_cast<unsigned>(c));
}
}  // namespace

std::string_view concept_name(Concept c) {
  switch (c) {
    case Concept::nash:
      return "nash";
    case Concept::gmr:
      return "gmr";
    case Concept::smr:
      return "smr";
    case Concept::seq:
      return "seq";
    case Concept::sim:
      return "sim";
    case Concept::limited:
      return "limited";
  }
  return "nash";
}

std::string_view concept_title(Concept c) {
  switch (c) {
    case Concept::nash:
      return "Nash";
    case Concept::gmr:
      return "GMR";
    case Concept::smr:
      return "SMR";
    case Concept::seq:
      return "SEQ";
    case Concept::sim:
      return "SIM";
    case Concept::limited:
      return "L_h";
  }
  return "Nash";
}

std::string concept_meaning(Concept c, std::optional<int> horizon) {
  switch (c) {
    case Concept::nash:
      return "no decision maker gains by moving alone";
    case Concept::gmr:
      return "each gain by moving alone can be answered by the others' later moves with a state no better for the "
             "mover";
    case Concept::smr:
      return "as GMR, and the mover cannot escape that answer to anything better";
    case Concept::seq:
      return "as GMR, with every answering move a gain for whoever makes it";
    case Concept::sim:
      return "each gain by moving alone can be met by the others' own gains, made at the same moment, with a state "
             "no better for the mover";
    case Concept::limited:
      break;
  }
  return "looking " + (horizon ? std::to_string(*horizon) : std::string("h")) +
         " moves ahead, neither decision maker expects to end better off by moving";
}

bool Stability::equilibrium(State s, Concept c) const {
  return std::all_of(dms.begin(), dms.end(), [&](const DecisionMakerStability& d) {
    return ((d.stable[s] >> static_cast<unsigned>(c)) & 1U) != 0;
  });
}

std::vector<State> Stability::equilibria(Concept c) const {
  std::vector<State> out;
  const std::size_t n = dms.empty() ? 0 : dms.front().stable.size();
  for (State s = 0; s < n; ++s) {
    if (equilibrium(s, c)) out.push_back(s);
  }
  return out;
}

std::vector<State> Stability::equilibria_any() const {
  std::uint8_t concepts = 0;
  for (const Concept c : this->concepts()) concepts |= bit(c);
  std::vector<State> out;
  const std::size_t n = dms.empty() ? 0 : dms.front().stable.size();
  for (State s = 0; s < n; ++s) {
    std::uint8_t all = 0xFF;  // the concepts under which s is stable for every decision maker
    for (const auto& d : dms) all &= d.stable[s];
    if ((all & concepts) != 0) out.push_back(s);
  }
  return out;
}

std::vector<State> Stability::limited_by_ties() const {
  std::vector<State> out;
  if (!horizon || dms.empty()) return out;
  for (State s = 0; s < dms.front().stable.size(); ++s) {
    if (std::any_of(dms.begin(), dms.end(),
                    [&](const DecisionMakerStability& d) { return d.limited_by_ties[s] != 0; })) {
      out.push_back(s);
    }
  }
  return out;
}

std::vector<Concept> Stability::concepts() const {
  std::vector<Concept> out(kSolutionConcepts.begin(), kSolutionConcepts.end());
  if (horizon) out.push_back(Concept::limited);
  return out;
}

namespace {

// Where k has no one-way option its moves from a state go to every other state of the state's line (model.hpp),
// so the first and last passes work line by line: the best other rank of a line from its two highest, and the
// sanctions every improvement needs from the floors of the line's higher ranks. Otherwise move by move.

// Pass 1: best_move, and escape = max(rank, best unilateral move), SMR's sanction value.
void best_moves(const Model& m, std::size_t k, DecisionMakerStability& d, std::vector<Rank>& escape) {
  const std::size_t n = m.size();
  const Code own = m.dm(k).options;
  d.best_move.assign(n, kNoMove);
  escape.resize(n);
  if (m.moves_freely(k)) {
    std::vector<State> line;
    m.for_each_line(own, line, [&](const std::vector<State>& members) {
      Rank top = 0, second = 0;  // the highest rank, and the highest once one state with it is left out
      for (const State s : members) {
        const Rank r = m.rank(k, s);
        if (r > top) {
          second = top;
          top = r;
        } else if (r > second) {
          second = r;
        }
      }
      for (const State s : members) {
        const Rank r = m.rank(k, s);
        const Rank best = members.size() == 1 ? kNoMove : r == top ? second : top;
        d.best_move[s] = best;
        escape[s] = best == kNoMove ? r : std::max(r, best);
      }
    });
    return;
  }
  for (State s = 0; s < n; ++s) {
    Rank best = kNoMove;
    m.for_each_move(k, s, [&](State t) {
      const Rank r = m.rank(k, t);
      if (best == kNoMove || r > best) best = r;
    });
    d.best_move[s] = best;
    escape[s] = best == kNoMove ? m.rank(k, s) : std::max(m.rank(k, s), best);
  }
}

// Pass 4: the verdicts, from the floors of k's improvements.
void verdicts(const Model& m, std::size_t k, DecisionMakerStability& d) {
  const std::size_t n = m.size();
  const Code own = m.dm(k).options;
  d.stable.assign(n, 0);
  const auto nash_at = [&](State s) { return d.best_move[s] == kNoMove || d.best_move[s] <= m.rank(k, s); };
  const auto word = [](bool nash, bool gmr, bool smr, bool seq) {
    return static_cast<std::uint8_t>((nash ? bit(Concept::nash) : 0) | (gmr ? bit(Concept::gmr) : 0) |
                                     (smr ? bit(Concept::smr) : 0) | (seq ? bit(Concept::seq) : 0));
  };
  if (m.moves_freely(k)) {
    std::vector<State> line, sorted;
    m.for_each_line(own, line, [&](const std::vector<State>& members) {
      sorted = members;
      std::sort(sorted.begin(), sorted.end(), [&](State a, State b) { return m.rank(k, a) > m.rank(k, b); });
      // The greatest floors over the states ranked above the level at hand (none yet: no improvement).
      bool above = false;
      Rank gmr = 0, smr = 0, seq = 0;
      for (std::size_t lo = 0; lo < sorted.size();) {
        const Rank r = m.rank(k, sorted[lo]);
        std::size_t hi = lo;
        while (hi < sorted.size() && m.rank(k, sorted[hi]) == r) ++hi;
        for (std::size_t i = lo; i < hi; ++i) {
          const State s = sorted[i];
          d.stable[s] = word(nash_at(s), !above || gmr <= r, !above || smr <= r, !above || seq <= r);
        }
        for (std::size_t i = lo; i < hi; ++i) {
          const State s = sorted[i];
          gmr = above ? std::max(gmr, d.gmr_floor[s]) : d.gmr_floor[s];
          smr = above ? std::max(smr, d.smr_floor[s]) : d.smr_floor[s];
          seq = above ? std::max(seq, d.seq_floor[s]) : d.seq_floor[s];
          above = true;
        }
        lo = hi;
      }
    });
    return;
  }
  for (State s = 0; s < n; ++s) {
    const Rank r = m.rank(k, s);
    bool gmr = true, smr = true, seq = true;
    m.for_each_improvement(k, s, [&](State t) {
      gmr = gmr && d.gmr_floor[t] <= r;
      smr = smr && d.smr_floor[t] <= r;
      seq = seq && d.seq_floor[t] <= r;
    });
    d.stable[s] = word(nash_at(s), gmr, smr, seq);
  }
}

// Each of the five passes is one step of `work` (a stop takes effect between passes, and within SIM's).
void solve_one(const Model& m, std::size_t k, DecisionMakerStability& d, double max_responses, core::Work* work) {
  const auto step = [work] {
    if (work != nullptr) work->step();
  };
  std::vector<Rank> escape;
  best_moves(m, k, d, escape);
  step();
  auto floors = min_reachable(m, movers_except(m, k, false), {m.dm(k).rank, std::move(escape)});
  d.gmr_floor = std::move(floors[0]);
  d.smr_floor = std::move(floors[1]);
  step();
  d.seq_floor = std::move(min_reachable(m, movers_except(m, k, true), {m.dm(k).rank})[0]);
  step();
  verdicts(m, k, d);
  step();
  const auto sim = simultaneous_stable(m, k, d.best_move, max_responses, work);
  for (State s = 0; s < m.size(); ++s) {
    if (sim[s] != 0) d.stable[s] |= bit(Concept::sim);
  }
  step();
}

// Limited-move stability (Kilgour 1985; docs/models.md §4.6), two decision makers. G_0(k, s) = s; G_h(k, s)
// is G_{h-1}(j, t) for the move t of k whose anticipated outcome k likes best, when k likes that outcome
// better than s; else s. The definition assumes strict preferences. When outcomes tie for k's best, which one
// k picks can change what j anticipates a level up, so parley runs the recursion twice: k breaking ties in
// j's favour, and against j. Among outcomes both rank equally the choice changes nothing a later level
// compares (only ranks are compared), so the lowest-numbered is taken and the verdicts do not depend on the
// order of the options. A state is L_h-stable when it is under both rules; where the rules disagree the
// verdict is marked as decided by ties (docs/stability.md).
enum class TieRule { for_opponent, against_opponent };

struct LimitedRun {
  std::array<std::vector<State>, 2> outcome, first;
};

LimitedRun limited_move(const Model& m, int horizon, unsigned threads, TieRule rule, core::Work* work) {
  const std::size_t n = m.size();
  std::array<std::vector<State>, 2> previous;
  for (auto& p : previous) {
    p.resize(n);
    for (State s = 0; s < n; ++s) p[s] = s;
  }
  std::array<std::vector<State>, 2> current = previous, first = previous;
  for (int h = 1; h <= horizon; ++h) {
    core::parallel_for(2, threads, [&](std::size_t k) {
      const std::size_t j = 1 - k;
      const auto& reply = previous[j];
      // Is outcome o (by move t) a better pick for k than the best so far?
      const auto better = [&](State o, State t, State best, State best_move) {
        if (best == kNoState) return true;
        if (m.rank(k, o) != m.rank(k, best)) return m.rank(k, o) > m.rank(k, best);
        if (m.rank(j, o) != m.rank(j, best)) {
          return rule == TieRule::for_opponent ? m.rank(j, o) > m.rank(j, best) : m.rank(j, o) < m.rank(j, best);
        }
        return o != best ? o < best : t < best_move;
      };
      for (State s = 0; s < n; ++s) {
        State best_outcome = kNoState, best_move = kNoState;
        m.for_each_move(k, s, [&](State t) {
          if (better(reply[t], t, best_outcome, best_move)) {
            best_outcome = reply[t];
            best_move = t;
          }
        });
        const bool moves = best_outcome != kNoState && m.rank(k, best_outcome) > m.rank(k, s);
        current[k][s] = moves ? best_outcome : s;
        first[k][s] = moves ? best_move : kNoState;
      }
    });
    std::swap(previous, current);
    if (work != nullptr) work->step();
  }
  return {previous, first};
}

void limited_stability(const Model& m, int horizon, unsigned threads, std::vector<DecisionMakerStability>& dms,
                       core::Work* work) {
  const LimitedRun a = limited_move(m, horizon, threads, TieRule::for_opponent, work);
  const LimitedRun b = limited_move(m, horizon, threads, TieRule::against_opponent, work);
  for (std::size_t k = 0; k < 2; ++k) {
    auto& d = dms[k];
    d.outcome = a.outcome[k];
    d.first_move = a.first[k];
    d.limited_by_ties.assign(m.size(), 0);
    for (State s = 0; s < m.size(); ++s) {
      const bool stays_a = a.outcome[k][s] == s, stays_b = b.outcome[k][s] == s;
      if (stays_a && stays_b) d.stable[s] |= bit(Concept::limited);
      if (stays_a != stays_b) d.limited_by_ties[s] = 1;
    }
  }
}

}  // namespace

Stability analyse_stability(const Model& m, const StabilityOptions& options) {
  if (options.horizon) {
    if (m.dm_count() != 2) {
      throw OptionError("horizon",
                        "{horizon} (limited-move stability) needs exactly two decision makers; this conflict has " +
                            std::to_string(m.dm_count()));
    }
    if (*options.horizon < 1 || *options.horizon > kMaxHorizon) {
      throw OptionError("horizon", "{horizon} must be between 1 and " + std::to_string(kMaxHorizon) + ", found " +
                                       std::to_string(*options.horizon));
    }
  }
  Stability result;
  result.horizon = options.horizon;
  result.dms.resize(m.dm_count());
  if (options.work != nullptr) {
    options.work->phase("passes",
                        5 * m.dm_count() + (options.horizon ? 2 * static_cast<std::size_t>(*options.horizon) : 0));
  }
  core::parallel_for(m.dm_count(), options.threads,
                     [&](std::size_t k) { solve_one(m, k, result.dms[k], options.max_responses, options.work); });
  if (options.horizon) limited_stability(m, *options.horizon, options.threads, result.dms, options.work);
  return result;
}

}  // namespace parley::conflict
