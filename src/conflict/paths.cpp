// Status quo and coalition analysis.
#include "conflict/paths.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <optional>

#include "conflict/components.hpp"
#include "core/parallel.hpp"
#include "core/text.hpp"
#include "parley/error.hpp"

namespace parley::conflict {

namespace {

std::size_t count_reached(const Tree& t) {
  return static_cast<std::size_t>(
      std::count_if(t.distance.begin(), t.distance.end(), [](std::uint32_t d) { return d != Tree::kUnreached; }));
}

}  // namespace

StatusQuo status_quo(const Model& m, State start, const std::vector<State>& targets) {
  // Li, Kilgour & Hipel (2004): the status quo evolves by legal moves of any decision maker; paths of
  // improvements only are the ones each mover would choose for itself.
  const Tree moves = breadth_first(m, movers_except(m, m.dm_count(), false), start);
  const Tree improvements = breadth_first(m, movers_except(m, m.dm_count(), true), start);
  StatusQuo out;
  out.start = start;
  out.reachable = count_reached(moves);
  out.reachable_by_improvements = count_reached(improvements);
  for (const State s : targets) {
    StatusQuoTarget t;
    t.state = s;
    if (moves.reached(s)) t.by_moves = moves.path_to(s);
    if (improvements.reached(s)) t.by_improvements = improvements.path_to(s);
    out.targets.push_back(std::move(t));
  }
  return out;
}

std::vector<std::vector<std::size_t>> all_coalitions(std::size_t decision_makers) {
  std::vector<std::vector<std::size_t>> out;
  if (decision_makers > kMaxAllCoalitions) {
    throw OptionError("coalitions", "{coalitions} all: " + std::to_string(decision_makers) + " decision makers form " +
                                        core::format_number(std::ldexp(1.0, static_cast<int>(decision_makers)) - 1.0 -
                                                            static_cast<double>(decision_makers)) +
                                        " coalitions (all are tried up to " + std::to_string(kMaxAllCoalitions) +
                                        " decision makers); name the ones to study: {coalitions} ID+ID,...");
  }
  for (std::size_t size = 2; size <= decision_makers; ++size) {
    for (std::uint32_t set = 0; set < (1U << decision_makers); ++set) {
      if (static_cast<std::size_t>(std::popcount(set)) != size) continue;
      std::vector<std::size_t> members;
      for (std::size_t k = 0; k < decision_makers; ++k) {
        if ((set >> k) & 1U) members.push_back(k);
      }
      out.push_back(std::move(members));
    }
  }
  // Within a size, lexicographic member order reads best: {1,2} before {1,3} before {2,3}.
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.size() != b.size() ? a.size() < b.size() : a < b; });
  return out;
}

namespace {

// The states of `candidates` that no other candidate weakly dominates for the coalition (at least as good
// for every member, better for one), one per distinct rank vector (the lowest-numbered). Sorted best first
// lexicographically, a candidate can only be dominated by one kept before it.
// `budget` is charged one unit per comparison; the caller stops when it runs out.
void keep_maxima(const Model& m, const std::vector<std::size_t>& members, std::vector<State>& candidates,
                 std::size_t& budget) {
  const auto lex_better = [&](State a, State b) {
    for (const std::size_t k : members) {
      if (m.rank(k, a) != m.rank(k, b)) return m.rank(k, a) > m.rank(k, b);
    }
    return a < b;
  };
  std::sort(candidates.begin(), candidates.end(), lex_better);
  std::vector<State> kept;
  for (const State c : candidates) {
    const std::size_t cost = kept.size() + 1;
    budget = budget > cost ? budget - cost : 0;
    if (budget == 0) return;
    const bool dominated = std::any_of(kept.begin(), kept.end(), [&](State k) {
      return std::all_of(members.begin(), members.end(), [&](std::size_t j) { return m.rank(j, k) >= m.rank(j, c); });
    });
    if (!dominated) kept.push_back(c);
  }
  candidates = std::move(kept);
}

// Which targets the coalition can upset (Kilgour, Hipel, Fang & Peng 2001): some state it can reach is better
// for every member. A state strictly better for all members exists in a reachable set exactly when one of
// the set's maxima is, so each component keeps the maxima of everything it reaches, built from its
// members and the maxima of the components it leads to (finished first).
// Returns nullopt when `budget` (comparisons and candidates merged) runs out: with opposed preferences and
// one-way options the maxima can grow to whole reachable sets.
std::optional<std::vector<std::uint8_t>> upsettable(const Model& m, const Movers& g,
                                                    const std::vector<std::uint8_t>& is_target, std::size_t& budget,
                                                    const core::Work* work) {
  std::vector<std::uint8_t> out(m.size(), 0);
  std::vector<std::vector<State>> maxima;  // per component
  std::vector<std::uint32_t> seen;         // per component: the last component that collected it
  std::vector<std::uint32_t> comp_of(m.size(), 0xFFFFFFFFU);
  strong_components(
      m, g, [](State, State) {},
      [&](std::span<const State> members) {
        if (work != nullptr) work->check();
        const auto id = static_cast<std::uint32_t>(maxima.size());
        for (const State s : members) comp_of[s] = id;
        seen.push_back(id);
        if (budget == 0) {
          maxima.emplace_back();
          return;
        }
        std::vector<State> candidates(members.begin(), members.end());
        for (const State s : members) {
          for_each_edge(m, g, s, [&](std::size_t, State t) {
            const std::uint32_t c = comp_of[t];
            if (c == id || seen[c] == id) return;
            seen[c] = id;
            candidates.insert(candidates.end(), maxima[c].begin(), maxima[c].end());
          });
        }
        budget = budget > candidates.size() ? budget - candidates.size() : 0;
        keep_maxima(m, g.dms, candidates, budget);
        for (const State s : members) {
          if (!is_target[s]) continue;
          out[s] = std::any_of(candidates.begin(), candidates.end(),
                               [&](State t) {
                                 return std::all_of(g.dms.begin(), g.dms.end(),
                                                    [&](std::size_t k) { return m.rank(k, t) > m.rank(k, s); });
                               })
                       ? 1
                       : 0;
        }
        maxima.push_back(std::move(candidates));
      });
  if (budget == 0) return std::nullopt;
  return out;
}

}  // namespace

std::vector<CoalitionResult> coalitions(const Model& m, const std::vector<std::vector<std::size_t>>& which,
                                        const std::vector<State>& targets, std::size_t budget, unsigned threads,
                                        core::Work* work) {
  // R_C(s) is plain reachability in the members' move graph (reach.hpp). Whether C can upset s comes from
  // the maxima of reachable sets; the nearest better state, to show the path, from a breadth-first search
  // run only for the targets that can be upset.
  std::vector<std::uint8_t> is_target(m.size(), 0);
  for (const State s : targets) is_target[s] = 1;
  std::vector<CoalitionResult> out(which.size());
  std::vector<std::size_t> budgets(which.size(), budget / std::max<std::size_t>(1, which.size()));
  std::vector<std::uint8_t> exhausted(which.size(), 0);
  if (work != nullptr) work->phase("coalitions", which.size());
  core::parallel_for(which.size(), threads, [&](std::size_t c) {
    Movers g;
    g.dms = which[c];
    out[c].members = which[c];
    const auto can = upsettable(m, g, is_target, budgets[c], work);
    if (!can) {
      exhausted[c] = 1;
      return;
    }
    Searcher search(m);
    for (const State s : targets) {
      if (!(*can)[s]) continue;
      if (work != nullptr) work->check();
      const auto better_for_all = [&](State t) {
        return std::all_of(g.dms.begin(), g.dms.end(), [&](std::size_t k) { return m.rank(k, t) > m.rank(k, s); });
      };
      auto found = search.nearest(g, s, better_for_all, budgets[c]);
      if (found.outcome == Searcher::Outcome::out_of_budget) {
        exhausted[c] = 1;
        return;
      }
      out[c].upsets.push_back(Upset{s, std::move(found.path)});
    }
    if (work != nullptr) work->step();
  });
  if (std::any_of(exhausted.begin(), exhausted.end(), [](std::uint8_t e) { return e != 0; })) {
    throw LimitError("coalition analysis would take more than " + std::to_string(budget) + " steps (" +
                     std::to_string(which.size()) + " coalitions x " + std::to_string(targets.size()) +
                     " equilibria over " + std::to_string(m.size()) +
                     " states); name the coalitions to study with --coalitions, or turn the analysis off with "
                     "--coalitions none");
  }
  return out;
}

}  // namespace parley::conflict
