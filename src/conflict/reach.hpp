// Reachability in a graph of moves, without ever storing the graph: edges are generated from option flips.
//
// Group moves (docs/models.md §4.4): a sequence of unilateral moves by members of a group in which no member
// moves twice in a row. Two moves in a row by one member compose into one of its unilateral moves (or
// return to where it started), and two improvements in a row into one improvement, so the states such
// sequences reach, other than the start, are exactly those reachable by any path in the union of the
// members' move graphs. That turns R_H(s) and R_H+(s) into plain graph reachability (docs/stability.md).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

#include "conflict/model.hpp"

namespace parley::conflict {

/// Who moves in a graph of moves: some decision makers, each step any move of the mover, or only moves
/// the mover strictly prefers (improvements).
struct Movers {
  std::vector<std::size_t> dms;
  bool improvements_only = false;
};

/// Every decision maker's moves (`except` = dm_count()), or everyone's but `except`'s: the others of GMR,
/// SMR and SEQ.
[[nodiscard]] inline Movers movers_except(const Model& m, std::size_t except, bool improvements_only) {
  Movers g;
  for (std::size_t j = 0; j < m.dm_count(); ++j) {
    if (j != except) g.dms.push_back(j);
  }
  g.improvements_only = improvements_only;
  return g;
}

/// Calls f(k, t) for every edge s -> t of the graph, k being the mover.
template <class F>
void for_each_edge(const Model& m, const Movers& g, State s, F&& f) {
  for (const std::size_t k : g.dms) {
    if (g.improvements_only) {
      m.for_each_improvement(k, s, [&](State t) { f(k, t); });
    } else {
      m.for_each_move(k, s, [&](State t) { f(k, t); });
    }
  }
}

/// For every state x and every value array v: the least v[y] over the states y reachable from x by zero or
/// more edges: one pass of strong_components (components.hpp), a component's minimum being the least of its
/// own values and of the components it leads to, which are finished first. `values` is taken by value: a
/// caller that gives up its arrays (std::move) saves copies of |S| ranks each.
[[nodiscard]] std::vector<std::vector<Rank>> min_reachable(const Model& m, const Movers& g,
                                                           std::vector<std::vector<Rank>> values);

/// One move of a path.
struct Step {
  std::size_t dm = 0;
  State from = 0, to = 0;
};

/// Breadth-first search from one state: distances and the first move into each state reached.
struct Tree {
  State start = 0;
  std::vector<std::uint32_t> distance;  // per state; kUnreached when not reachable
  std::vector<State> parent;            // per state: the state it was reached from
  std::vector<std::uint8_t> mover;      // per state: the decision maker that moved into it (at most 24)
  static constexpr std::uint32_t kUnreached = 0xFFFFFFFFU;

  [[nodiscard]] bool reached(State s) const { return distance[s] != kUnreached; }
  /// The moves from `start` to `s` (empty for the start itself). `s` must be reached.
  [[nodiscard]] std::vector<Step> path_to(State s) const;
};

/// Every state reachable from `start`, with shortest paths (fewest moves; among those, the first found in
/// state order of the frontier and move order).
[[nodiscard]] Tree breadth_first(const Model& m, const Movers& g, State start);

/// Repeated nearest-state searches on one model, sharing scratch space (cleared in O(1) by stamping).
class Searcher {
 public:
  explicit Searcher(const Model& m);

  enum class Outcome { found, none, out_of_budget };
  struct Result {
    Outcome outcome = Outcome::none;
    std::vector<Step> path;  // when found: at least one move, ending where the goal holds
  };

  /// The shortest path of at least one move from `start` to a state where goal(state) holds (the nearest;
  /// ties as breadth_first). `budget` counts states expanded and is decreased; when it runs out the search
  /// stops with out_of_budget.
  Result nearest(const Movers& g, State start, const std::function<bool(State)>& goal, std::size_t& budget);

 private:
  const Model* m_;
  std::vector<std::uint32_t> stamp_;
  std::vector<State> parent_;
  std::vector<std::uint8_t> mover_;
  std::vector<State> queue_;
  std::uint32_t epoch_ = 0;
};

}  // namespace parley::conflict
