// Strongly connected components of a generated move graph (Tarjan 1972), iterative so that deep graphs
// cannot overflow the call stack. Components are reported sinks first: when a component is reported,
// every component it leads to has been reported before, which is what minimum propagation (min_reachable)
// and maxima propagation (coalition analysis) need.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "conflict/reach.hpp"

namespace parley::conflict {

/// Where the edge generation of one state stands: the mover being enumerated and its remaining flips.
struct EdgeCursor {
  State v = 0;
  std::uint32_t next_mover = 0;   // position in Movers::dms of the next mover to start
  std::size_t dm = 0;             // the mover being enumerated
  Code allowed = 0, pending = 0;  // its movable options, and the flips still to try (decreasing)

  /// The next edge's target, or kNoState when v has no more edges.
  State next(const Model& m, const Movers& g) {
    for (;;) {
      if (pending == 0) {
        if (next_mover == g.dms.size()) return kNoState;
        dm = g.dms[next_mover++];
        allowed = m.movable(dm, v);
        pending = allowed;
        continue;
      }
      const Code flip = pending;
      pending = (pending - 1) & allowed;
      const State t = m.flip(v, flip);
      if (t == kNoState) continue;
      if (g.improvements_only && m.rank(dm, t) <= m.rank(dm, v)) continue;
      return t;
    }
  }
};

/// Calls finished_edge(v, t) for every edge v -> t whose target's component is already complete (t in another
/// component), then component(members) once per component, sinks first. Returns the component of each state,
/// numbered in the order reported.
template <class FinishedEdge, class Component>
std::vector<std::uint32_t> strong_components(const Model& m, const Movers& g, FinishedEdge&& finished_edge,
                                             Component&& component) {
  constexpr std::uint32_t kOpen = 0xFFFFFFFFU;
  const std::size_t n = m.size();
  std::vector<std::uint32_t> order(n, 0);  // discovery number, 0: not yet visited
  std::vector<std::uint32_t> low(n, 0);
  std::vector<std::uint32_t> comp(n, kOpen);
  std::vector<State> stack;
  std::vector<EdgeCursor> frames;
  std::uint32_t counter = 0, components = 0;

  const auto visit = [&](State v) {
    order[v] = low[v] = ++counter;
    stack.push_back(v);
    frames.push_back(EdgeCursor{v, 0, 0, 0, 0});
  };
  for (State root = 0; root < n; ++root) {
    if (order[root] != 0) continue;
    visit(root);
    while (!frames.empty()) {
      const State v = frames.back().v;
      const State t = frames.back().next(m, g);
      if (t != kNoState) {
        if (order[t] == 0) {
          visit(t);
        } else if (comp[t] == kOpen) {
          low[v] = std::min(low[v], order[t]);  // t is on the stack: same component as v
        } else {
          finished_edge(v, t);
        }
        continue;
      }
      if (low[v] == order[v]) {
        const auto first = std::find(stack.rbegin(), stack.rend(), v).base() - 1;
        for (auto it = first; it != stack.end(); ++it) comp[*it] = components;
        component(std::span<const State>(&*first, static_cast<std::size_t>(stack.end() - first)));
        ++components;
        stack.erase(first, stack.end());
      }
      frames.pop_back();
      if (!frames.empty()) {
        const State parent = frames.back().v;
        low[parent] = std::min(low[parent], low[v]);
        if (comp[v] != kOpen) finished_edge(parent, v);
      }
    }
  }
  return comp;
}

}  // namespace parley::conflict
