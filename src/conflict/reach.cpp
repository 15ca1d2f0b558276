// Reachability over generated move graphs: least values reachable, class by class, and breadth-first shortest
// paths.
#include "conflict/reach.hpp"

#include <algorithm>
#include <bit>
#include <limits>
#include <span>

namespace parley::conflict {

namespace {

constexpr std::uint32_t kNone = 0xFFFFFFFFU;
constexpr Rank kNoValue = std::numeric_limits<Rank>::max();

// x's bits at the positions of `mask`, packed to the low end in order (the x86 instruction pext, portably).
Code compress(Code x, Code mask) {
  Code out = 0;
  Code bit = 1;
  for (Code m = mask; m != 0; m &= m - 1, bit <<= 1) {
    if ((x & m & (~m + 1)) != 0) out |= bit;
  }
  return out;
}

// The next submask of `mask` after `sub` in increasing order (0 after mask itself).
constexpr Code next_submask(Code sub, Code mask) {
  return (sub - mask) & mask;
}

// A mover's options in a class's local codes (compress of each mask over the movers' options).
struct LocalMover {
  std::size_t dm = 0;
  Code options = 0, take_only = 0, drop_only = 0;
};

// The move graph of one class of states, those that agree on every option no mover controls: no move leaves a
// class, so each is solved alone, in arrays small enough to stay in cache. Nodes are the class's feasible states,
// numbered in code order, then hubs: a hub stands for "any state of this set" so that a set every member reaches
// costs one edge a member instead of one per pair. A mover with no one-way option moves between any two states of
// a line (the states that differ only in its options): every member points to the line's hub and the hub to every
// member. By improvements only it moves from a state to any of the line's states it ranks higher: each member
// points to the hub of the next higher rank in the line, whose members reach every higher one in turn. The states
// reachable from a state, hubs aside, are the same as in the full graph. A line of two or three states gets its
// few edges directly. A mover with a one-way option has no such structure; its moves are not stored (up to
// 2^options - 1 a state) but made from the option flips as the search asks for them (next_flip).
class ClassGraph {
 public:
  ClassGraph(const Model& m, const Movers& g) : m_(&m), improvements_(g.improvements_only) {
    for (const std::size_t k : g.dms) local_ |= m.dm(k).options;
    for (const std::size_t k : g.dms) {
      const Code own = m.dm(k).options;
      const LocalMover j{k, compress(own, local_), compress(own & m.take_only(), local_),
                         compress(own & m.drop_only(), local_)};
      // One option: its line holds at most two states and one move, as cheap to make as to store.
      ((j.take_only | j.drop_only) != 0 || std::popcount(own) == 1 ? one_way_ : movers_).push_back(j);
    }
    table_.resize(std::size_t{1} << std::popcount(local_));
  }

  [[nodiscard]] Code local_options() const { return local_; }

  /// Makes the graph of the class whose fixed options are set as in `base`.
  void build(Code base) {
    states_.clear();
    codes_.clear();
    Code sub = 0;
    for (std::size_t l = 0; l < table_.size(); ++l, sub = next_submask(sub, local_)) {
      const State s = m_->at(base | sub);
      table_[l] = s == kNoState ? kNone : static_cast<std::uint32_t>(states_.size());
      if (s == kNoState) continue;
      states_.push_back(s);
      codes_.push_back(static_cast<std::uint32_t>(l));
    }
    // Two passes of the same edges: count each node's, then place them.
    collect_lines();
    degree_.assign(states_.size(), 0);
    edges([&](std::uint32_t from, std::uint32_t) { ++degree_[from]; }, [&] { degree_.push_back(0); });
    start_.assign(degree_.size() + 1, 0);
    for (std::size_t v = 0; v < degree_.size(); ++v) start_[v + 1] = start_[v] + degree_[v];
    targets_.resize(start_.back());
    std::copy(start_.begin(), start_.end() - 1, degree_.begin());  // the next free slot of each node
    edges([&](std::uint32_t from, std::uint32_t to) { targets_[degree_[from]++] = to; }, [] {});
  }

  [[nodiscard]] std::size_t nodes() const { return start_.size() - 1; }
  [[nodiscard]] std::size_t states() const { return states_.size(); }
  [[nodiscard]] State state(std::size_t v) const { return states_[v]; }
  /// The stored edges of node v: through hubs, or direct on short lines.
  [[nodiscard]] std::span<const std::uint32_t> out(std::size_t v) const {
    return {targets_.data() + start_[v], targets_.data() + start_[v + 1]};
  }

  /// Where the moves of the one-way movers from a state stand: the mover, and its flips still to try.
  struct Flips {
    std::uint32_t mover = 0;                 // position in one_way_
    std::uint32_t allowed = 0, pending = 0;  // local codes: at most 24 options
  };
  /// The next move of a one-way or one-option mover from state node v, or kNone when there is none left (hubs have
  /// none).
  std::uint32_t next_flip(std::uint32_t v, Flips& f) const {
    if (v >= states_.size()) return kNone;
    const Code c = codes_[v];
    for (;;) {
      if (f.pending == 0) {
        if (f.mover == one_way_.size()) return kNone;
        const LocalMover& j = one_way_[f.mover++];
        f.allowed = static_cast<std::uint32_t>(j.options & ~(j.take_only & c) & ~(j.drop_only & ~c));
        f.pending = f.allowed;
        continue;
      }
      const std::uint32_t flip = f.pending;
      f.pending = (f.pending - 1) & f.allowed;
      const std::uint32_t t = table_[c ^ flip];
      if (t == kNone) continue;
      const std::size_t k = one_way_[f.mover - 1].dm;
      if (improvements_ && rank(k, t) <= rank(k, v)) continue;
      return t;
    }
  }

 private:
  [[nodiscard]] Rank rank(std::size_t k, std::uint32_t v) const { return m_->rank(k, states_[v]); }

  // Calls edge(from, to) for every edge, and hub() before a hub's first edge (hubs are numbered in that order,
  // after the states).
  // Every line of every mover with two or more states, gathered once (by improvements, sorted by the mover's rank)
  // for the two passes of build().
  void collect_lines() {
    members_.clear();
    lines_.clear();
    const Code all = static_cast<Code>(table_.size() - 1);
    for (const LocalMover& j : movers_) {
      const Code rest = all & ~j.options;
      Code b = 0;
      do {
        const std::size_t begin = members_.size();
        Code f = 0;
        do {
          const std::uint32_t v = table_[b | f];
          if (v != kNone) members_.push_back(v);
          f = next_submask(f, j.options);
        } while (f != 0);
        if (members_.size() - begin >= 2) {
          if (improvements_) {
            std::sort(members_.begin() + static_cast<std::ptrdiff_t>(begin), members_.end(),
                      [&](std::uint32_t x, std::uint32_t y) {
                        const Rank rx = rank(j.dm, x), ry = rank(j.dm, y);
                        return rx != ry ? rx < ry : x < y;
                      });
          }
          lines_.push_back(Line{members_.size(), j.dm});
        } else {
          members_.resize(begin);
        }
        b = next_submask(b, rest);
      } while (b != 0);
    }
  }

  // Calls edge(from, to) for every stored edge, and hub() before a hub's first edge (hubs are numbered in that
  // order, after the states).
  template <class Edge, class Hub>
  void edges(Edge&& edge, Hub&& hub) {
    auto next_hub = static_cast<std::uint32_t>(states_.size());
    const auto new_hub = [&] {
      hub();
      return next_hub++;
    };
    std::size_t begin = 0;
    for (const Line& line : lines_) {
      const std::span<const std::uint32_t> members(members_.data() + begin, line.end - begin);
      improvements_ ? ladder(line.dm, members, edge, new_hub) : clique(members, edge, new_hub);
      begin = line.end;
    }
  }

  template <class Edge, class NewHub>
  static void clique(std::span<const std::uint32_t> line, Edge& edge, NewHub& new_hub) {
    if (line.size() <= 3) {  // as few edges direct as through a hub
      for (const std::uint32_t v : line) {
        for (const std::uint32_t t : line) {
          if (t != v) edge(v, t);
        }
      }
      return;
    }
    const std::uint32_t h = new_hub();
    for (const std::uint32_t v : line) {
      edge(v, h);
      edge(h, v);
    }
  }

  // `line` ascending by k's rank.
  template <class Edge, class NewHub>
  void ladder(std::size_t k, std::span<const std::uint32_t> line, Edge& edge, NewHub& new_hub) const {
    std::size_t lo = 0;  // the level below [mid, hi) in line
    std::size_t mid = 0;
    while (mid < line.size() && rank(k, line[mid]) == rank(k, line[0])) ++mid;
    while (mid < line.size()) {
      std::size_t hi = mid;
      while (hi < line.size() && rank(k, line[hi]) == rank(k, line[mid])) ++hi;
      if (hi - mid == 1) {
        for (std::size_t i = lo; i < mid; ++i) edge(line[i], line[mid]);
      } else {
        const std::uint32_t h = new_hub();
        for (std::size_t i = lo; i < mid; ++i) edge(line[i], h);
        for (std::size_t i = mid; i < hi; ++i) edge(h, line[i]);
      }
      lo = mid;
      mid = hi;
    }
  }

  const Model* m_;
  bool improvements_;
  Code local_ = 0;
  std::vector<LocalMover> movers_;           // two or more options, none one-way: lines, through hubs
  std::vector<LocalMover> one_way_;          // the others: moves made as they are asked for
  std::vector<std::uint32_t> table_;         // per local code: the node, or kNone when infeasible
  std::vector<State> states_;                // per state node: the model's state
  std::vector<std::uint32_t> codes_;         // per state node: its local code
  std::vector<std::size_t> degree_, start_;  // per node: edges, and where its edges start in targets_
  std::vector<std::uint32_t> targets_;
  struct Line {
    std::size_t end;  // in members_, where the next line begins
    std::size_t dm;   // the mover
  };
  std::vector<std::uint32_t> members_;  // the lines' states, line after line
  std::vector<Line> lines_;
};

// Least values reachable within one class graph (Tarjan 1972, iterative): `values` per node in, per node out.
class ComponentMinima {
 public:
  void run(const ClassGraph& c, std::vector<std::vector<Rank>>& values) {
    const std::size_t n = c.nodes();
    order_.assign(n, 0);
    low_.assign(n, 0);
    done_.assign(n, 0);
    std::uint32_t counter = 0;
    const auto take_min = [&](std::uint32_t v, std::uint32_t t) {
      for (auto& b : values) b[v] = std::min(b[v], b[t]);
    };
    const auto visit = [&](std::uint32_t v) {
      order_[v] = low_[v] = ++counter;
      stack_.push_back(v);
      frames_.push_back(Frame{v, 0, {}});
    };
    for (std::uint32_t root = 0; root < n; ++root) {
      if (order_[root] != 0) continue;
      visit(root);
      while (!frames_.empty()) {
        Frame& f = frames_.back();
        const std::uint32_t v = f.v;
        const auto out = c.out(v);
        const std::uint32_t t = f.next < out.size() ? out[f.next++] : c.next_flip(v, f.flips);
        if (t != kNone) {
          if (order_[t] == 0) {
            visit(t);
          } else if (done_[t] == 0) {
            low_[v] = std::min(low_[v], order_[t]);  // t is on the stack: the same component as v
          } else {
            take_min(v, t);
          }
          continue;
        }
        if (low_[v] == order_[v]) {
          const auto first = std::find(stack_.rbegin(), stack_.rend(), v).base() - 1;
          for (auto& b : values) {
            Rank least = b[v];
            for (auto it = first; it != stack_.end(); ++it) least = std::min(least, b[*it]);
            for (auto it = first; it != stack_.end(); ++it) b[*it] = least;
          }
          for (auto it = first; it != stack_.end(); ++it) done_[*it] = 1;
          stack_.erase(first, stack_.end());
        }
        frames_.pop_back();
        if (!frames_.empty()) {
          const std::uint32_t parent = frames_.back().v;
          low_[parent] = std::min(low_[parent], low_[v]);
          if (done_[v] != 0) take_min(parent, v);
        }
      }
    }
  }

 private:
  struct Frame {
    std::uint32_t v;
    std::uint32_t next;       // the next stored edge (a hub has at most 2^24), then
    ClassGraph::Flips flips;  // the one-way and one-option movers' moves
  };
  std::vector<std::uint32_t> order_, low_, stack_;
  std::vector<std::uint8_t> done_;
  std::vector<Frame> frames_;
};

}  // namespace

std::vector<std::vector<Rank>> min_reachable(const Model& m, const Movers& g, std::vector<std::vector<Rank>> values) {
  if (g.dms.empty()) return values;  // nobody moves: each state reaches itself alone
  ClassGraph graph(m, g);
  ComponentMinima minima;
  std::vector<std::vector<Rank>> local(values.size());
  const Code fixed = m.all_options() & ~graph.local_options();
  Code base = 0;
  do {
    graph.build(base);
    for (std::size_t a = 0; a < values.size(); ++a) {
      local[a].assign(graph.nodes(), kNoValue);  // a hub's own value counts for nothing
      for (std::size_t v = 0; v < graph.states(); ++v) local[a][v] = values[a][graph.state(v)];
    }
    minima.run(graph, local);
    for (std::size_t a = 0; a < values.size(); ++a) {
      for (std::size_t v = 0; v < graph.states(); ++v) values[a][graph.state(v)] = local[a][v];
    }
    base = next_submask(base, fixed);
  } while (base != 0);
  return values;
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
  // A mover with no one-way option reaches from a state every other state of its line (by improvements, every one
  // it ranks higher). Once a line has been expanded from a state of rank r, a later state of the line (no nearer
  // the start: the queue is in distance order) of rank r or more would find nothing new, so it is skipped: the
  // tree is the one of expanding every state, each line costing about one expansion (per rank, by improvements)
  // instead of one per state. `lowest` holds, per line, the least rank expanded from (by any moves, 0 once
  // expanded); the line is named by the code's other options, packed.
  struct Lines {
    Code rest = 0;
    std::vector<Rank> lowest;  // empty: fewer than three options or a one-way one; every state is expanded
  };
  std::vector<Lines> lines(g.dms.size());
  for (std::size_t i = 0; i < g.dms.size(); ++i) {
    const Code own = m.dm(g.dms[i]).options;
    // Worth it from lines of up to 8 states; and so `lowest` takes at most 2^(options - 3) ranks a mover.
    if (std::popcount(own) < 3 || !m.moves_freely(g.dms[i])) continue;
    lines[i].rest = m.all_options() & ~own;
    lines[i].lowest.assign(std::size_t{1} << std::popcount(lines[i].rest), kNoValue);
  }
  std::vector<State> queue{start};
  tree.distance[start] = 0;
  for (std::size_t head = 0; head < queue.size(); ++head) {
    const State s = queue[head];
    const auto reach = [&](std::size_t k, State t) {
      if (tree.distance[t] != Tree::kUnreached) return;
      tree.distance[t] = tree.distance[s] + 1;
      tree.parent[t] = s;
      tree.mover[t] = static_cast<std::uint8_t>(k);
      queue.push_back(t);
    };
    for (std::size_t i = 0; i < g.dms.size(); ++i) {
      const std::size_t k = g.dms[i];
      if (!lines[i].lowest.empty()) {
        const Rank from = g.improvements_only ? m.rank(k, s) : 0;
        Rank& lowest = lines[i].lowest[compress(m.code(s), lines[i].rest)];
        if (lowest <= from) continue;
        lowest = from;
      }
      if (g.improvements_only) {
        m.for_each_improvement(k, s, [&](State t) { reach(k, t); });
      } else {
        m.for_each_move(k, s, [&](State t) { reach(k, t); });
      }
    }
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
