// Explanations: the same definitions as stability.cpp, replayed for one state with the witnesses kept.
#include "conflict/explain.hpp"

#include <algorithm>
#include <bit>
#include <functional>

#include "conflict/simultaneous.hpp"
#include "parley/error.hpp"

namespace parley::conflict {

namespace {

constexpr std::size_t kExplainBudget = std::size_t{1} << 32;

}  // namespace

std::optional<std::size_t> deciding_statement(const Model& m, std::size_t k, State a, State b) {
  const auto& d = m.dm(k);
  if (d.truth.empty()) return std::nullopt;
  const std::uint64_t differ = d.truth[a] ^ d.truth[b];
  if (differ == 0) return std::nullopt;
  // Bit (n - 1 - j) is statement j: the highest differing bit is the most important statement.
  const auto highest = static_cast<std::size_t>(63 - std::countl_zero(differ));
  return d.statements.size() - 1 - highest;
}

std::vector<Explanation> explain(const Model& m, const Stability& st, State s, std::optional<std::size_t> dm) {
  std::vector<Explanation> out;
  Searcher search(m);
  // Each search expands at most every state once; the budget bounds a decision maker with very many moves.
  std::size_t budget = kExplainBudget;
  const auto sanction = [&](const Movers& g, State from, const std::function<bool(State)>& goal) {
    auto found = search.nearest(g, from, goal, budget);
    if (found.outcome == Searcher::Outcome::out_of_budget) {
      throw LimitError("explaining state " + std::to_string(s + 1) + " would expand more than " +
                       std::to_string(kExplainBudget) + " states; explain one decision maker with --dm");
    }
    return std::move(found.path);
  };
  for (std::size_t k = 0; k < m.dm_count(); ++k) {
    if (dm && *dm != k) continue;
    const DecisionMakerStability& d = st.dms[k];
    const Rank r = m.rank(k, s);
    std::vector<State> improvements;
    m.for_each_improvement(k, s, [&](State t) { improvements.push_back(t); });
    std::sort(improvements.begin(), improvements.end());
    for (const Concept c : st.concepts()) {
      Explanation e;
      e.dm = k;
      e.state = s;
      e.kind = c;
      e.stable = st.stable(k, s, c);
      if (c == Concept::limited) {
        e.first_move = d.first_move[s];
        e.outcome = d.outcome[s];
        e.by_ties = d.limited_by_ties[s] != 0;
        out.push_back(std::move(e));
        continue;
      }
      for (const State t : improvements) {
        Deterrence det;
        det.improvement = t;
        // The floors say whether a sanction exists; the search finds the nearest one to show.
        if (c == Concept::gmr && d.gmr_floor[t] <= r) {
          det.sanction = sanction(movers_except(m, k, false), t, [&](State y) { return m.rank(k, y) <= r; });
        } else if (c == Concept::smr && d.smr_floor[t] <= r) {
          det.sanction = sanction(movers_except(m, k, false), t, [&](State y) {
            const Rank best = d.best_move[y];
            return m.rank(k, y) <= r && (best == kNoMove || best <= r);
          });
        } else if (c == Concept::seq && d.seq_floor[t] <= r) {
          det.sanction = sanction(movers_except(m, k, true), t, [&](State y) { return m.rank(k, y) <= r; });
        } else if (c == Concept::sim) {
          // SIM keeps no table: whether each improvement is sanctioned is found here again.
          if (auto response = simultaneous_sanction(m, k, s, t)) {
            det.sanction = std::move(response->moves);
            det.outcome = response->outcome;
          }
        }
        e.improvements.push_back(std::move(det));
      }
      out.push_back(std::move(e));
    }
  }
  return out;
}

}  // namespace parley::conflict
