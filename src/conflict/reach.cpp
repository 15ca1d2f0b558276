// Reachability over generated move graphs: strongly connected components with minimum propagation, and
// breadth-first shortest paths.
#include "conflict/reach.hpp"

#include "conflict/components.hpp"

#include <algorithm>

namespace parley::conflict {

std::vector<std::vector<Rank>> min_reachable(const Model& m, const Movers& g, std::vector<std::vector<Rank>> values) {
  // Each state collects the minima of the finished components it leads to; a component's minimum is then
  // the least over its members, shared by all of them (each reaches every other).
  std::vector<std::vector<Rank>> best = std::move(values);
  strong_components(
      m, g,
      [&](State v, State t) {
        for (auto& b : best) b[v] = std::min(b[v], b[t]);
      },
      [&](std::span<const State> members) {
        for (auto& b : best) {
          Rank low = b[members.front()];
          for (const State s : members) low = std::min(low, b[s]);
          for (const State s : members) b[s] = low;
        }
      });
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

Searcher::Searcher(const Model& m) : m_(&m), stamp_(m.size(), 0), parent_(m.size(), kNoState), mover_(m.size(), 0) {}

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
