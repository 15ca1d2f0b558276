// Reachability over generated move graphs: strongly connected components with minimum propagation, and
// breadth-first shortest paths.
#include "conflict/reach.hpp"

#include <algorithm>

namespace parley::conflict {

namespace {

// Where the edge generation of one state stands: the mover being enumerated and its remaining flips.
struct Cursor {
  State v = 0;
  std::uint32_t next_mover = 0;  // position in Movers::dms of the next mover to start
  std::size_t dm = 0;            // the mover being enumerated
  Code allowed = 0, pending = 0; // its movable options, and the submasks still to try (decreasing)
};

State next_edge(const Model& m, const Movers& g, Cursor& c) {
  for (;;) {
    if (c.pending == 0) {
      if (c.next_mover == g.dms.size()) return kNoState;
      c.dm = g.dms[c.next_mover++];
      c.allowed = m.movable(c.dm, c.v);
      c.pending = c.allowed;
      continue;
    }
    const Code flip = c.pending;
    c.pending = (c.pending - 1) & c.allowed;
    const State t = m.flip(c.v, flip);
    if (t == kNoState) continue;
    if (g.improvements_only && m.rank(c.dm, t) <= m.rank(c.dm, c.v)) continue;
    return t;
  }
}

}  // namespace

std::vector<std::vector<Rank>> min_reachable(const Model& m, const Movers& g,
                                             const std::vector<std::vector<Rank>>& values) {
  const std::size_t n = m.size();
  std::vector<std::vector<Rank>> best = values;
  std::vector<std::uint32_t> order(n, 0);  // discovery number, 0: not yet visited
  std::vector<std::uint32_t> low(n, 0);
  std::vector<std::uint8_t> on_stack(n, 0);
  std::vector<State> stack;
  std::vector<Cursor> frames;
  std::uint32_t counter = 0;

  const auto merge = [&](State into, State from) {
    for (auto& b : best) b[into] = std::min(b[into], b[from]);
  };
  const auto visit = [&](State v) {
    order[v] = low[v] = ++counter;
    stack.push_back(v);
    on_stack[v] = 1;
    frames.push_back(Cursor{v, 0, 0, 0, 0});
  };

  for (State root = 0; root < n; ++root) {
    if (order[root] != 0) continue;
    visit(root);
    while (!frames.empty()) {
      const State v = frames.back().v;
      const State t = next_edge(m, g, frames.back());
      if (t != kNoState) {
        if (order[t] == 0) {
          visit(t);
        } else if (on_stack[t] != 0) {
          low[v] = std::min(low[v], order[t]);
        } else {
          merge(v, t);  // t's component is finished: its minimum is final
        }
        continue;
      }
      if (low[v] == order[v]) {
        // v roots a component: every member reaches every other, so all share the least value.
        const auto first = std::find(stack.rbegin(), stack.rend(), v).base() - 1;
        for (auto it = first; it != stack.end(); ++it) merge(v, *it);
        for (auto it = first; it != stack.end(); ++it) {
          for (auto& b : best) b[*it] = b[v];
          on_stack[*it] = 0;
        }
        stack.erase(first, stack.end());
      }
      frames.pop_back();
      if (!frames.empty()) {
        const State parent = frames.back().v;
        low[parent] = std::min(low[parent], low[v]);
        merge(parent, v);
      }
    }
  }
  return best;
}

std::vector<Step> Tree::path_to(State s) const {
  std::vector<Step> path;
  while (s != start) {
    path.push_back(Step{mover[s], parent[s], s});
    s = parent[s];
  }
  std::reverse(path.begin(), path.end());
  return path;
}

Tree breadth_first(const Model& m, const Movers& g, State start) {
  Tree tree;
  tree.start = start;
  tree.distance.assign(m.size(), Tree::kUnreached);
  tree.parent.assign(m.size(), kNoState);
  tree.mover.assign(m.size(), 0);
  std::vector<State> queue{start};
  tree.distance[start] = 0;
  for (std::size_t head = 0; head < queue.size(); ++head) {
    const State s = queue[head];
    for_each_edge(m, g, s, [&](std::size_t k, State t) {
      if (tree.distance[t] != Tree::kUnreached) return;
      tree.distance[t] = tree.distance[s] + 1;
      tree.parent[t] = s;
      tree.mover[t] = static_cast<std::uint8_t>(k);
      queue.push_back(t);
    });
  }
  return tree;
}

Searcher::Searcher(const Model& m)
    : m_(&m), stamp_(m.size(), 0), parent_(m.size(), kNoState), mover_(m.size(), 0) {}

Searcher::Result Searcher::nearest(const Movers& g, State start, const std::function<bool(State)>& goal,
                                   std::size_t& budget) {
  if (++epoch_ == 0) {  // the stamps wrapped: clear them once every 2^32 searches
    std::fill(stamp_.begin(), stamp_.end(), 0);
    epoch_ = 1;
  }
  Result result;
  queue_.clear();
  queue_.push_back(start);
  stamp_[start] = epoch_;
  State found = kNoState;
  for (std::size_t head = 0; head < queue_.size() && found == kNoState; ++head) {
    if (budget == 0) {
      result.outcome = Outcome::out_of_budget;
      return result;
    }
    --budget;
    const State s = queue_[head];
    for_each_edge(*m_, g, s, [&](std::size_t k, State t) {
      if (found != kNoState || stamp_[t] == epoch_) return;
      stamp_[t] = epoch_;
      parent_[t] = s;
      mover_[t] = static_cast<std::uint8_t>(k);
      if (goal(t)) found = t;
      queue_.push_back(t);
    });
  }
  if (found == kNoState) return result;
  result.outcome = Outcome::found;
  for (State s = found; s != start; s = parent_[s]) result.path.push_back(Step{mover_[s], parent_[s], s});
  std::reverse(result.path.begin(), result.path.end());
  return result;
}

}  // namespace parley::conflict
