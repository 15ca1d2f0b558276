#include "analysis/pareto.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <numeric>
#include <string>

#include "core/parallel.hpp"
#include "core/text.hpp"
#include "parley/error.hpp"

namespace parley::analysis {

using core::parallel_for;

namespace {

using Index = std::uint32_t;
using detail::all_ranks;
using detail::ranks;

}  // namespace

// ---- blocks ----------------------------------------------------------------------------------------------

namespace {

// Union-find over issues: issues read by one party's red line go in one block.
std::size_t root(std::vector<std::size_t>& parent, std::size_t k) {
  while (parent[k] != k) k = parent[k] = parent[parent[k]];
  return k;
}

std::string issue_list(const Space& space, const std::vector<std::size_t>& issues) {
  std::string out;
  for (std::size_t k : issues) out += (out.empty() ? "" : ", ") + space.issues[k].id;
  return out;
}

}  // namespace

std::vector<Block> blocks_of(const Space& space, const Limits& limits) {
  const std::size_t n = space.issues.size();
  std::vector<std::size_t> parent(n);
  std::iota(parent.begin(), parent.end(), std::size_t{0});
  std::vector<const SpaceRule*> red_lines;
  for (const auto& rule : space.rules) {
    if (!rule.red_line || !space.actors[rule.actor].party) continue;
    red_lines.push_back(&rule);
    for (std::size_t k : rule.issues) parent[root(parent, k)] = root(parent, rule.issues.front());
  }
  // A red line that reads no issue holds everywhere or nowhere.
  std::vector<double> values(n, 0.0);
  for (std::size_t k = 0; k < n; ++k) values[k] = space.issues[k].values.front();
  bool impossible = false;
  for (const auto* rule : red_lines) impossible = impossible || (rule->issues.empty() && !rule->holds(values));

  // The values of each issue that every party's reservation allows.
  std::vector<std::vector<std::uint32_t>> allowed(n);
  for (std::size_t k = 0; k < n; ++k) {
    for (std::size_t j = 0; j < space.issues[k].values.size(); ++j) {
      bool ok = !impossible;
      for (std::size_t p : space.parties) {
        const auto& excess = space.actors[p].excess[k];
        ok = ok && (excess.empty() || excess[j] == 0);
      }
      if (ok) allowed[k].push_back(static_cast<std::uint32_t>(j));
    }
  }

  std::vector<Block> out;
  std::vector<bool> done(n, false);
  for (std::size_t first = 0; first < n; ++first) {
    if (done[first]) continue;
    Block b;
    for (std::size_t k = first; k < n; ++k) {
      if (root(parent, k) == root(parent, first)) b.issues.push_back(k), done[k] = true;
    }
    std::vector<const SpaceRule*> rules;
    for (const auto* rule : red_lines) {
      if (!rule->issues.empty() && root(parent, rule->issues.front()) == root(parent, first)) rules.push_back(rule);
    }
    double count = 1;
    for (std::size_t k : b.issues) count *= static_cast<double>(allowed[k].size());
    if (count > limits.max_block) {
      throw LimitError("red lines couple issues " + issue_list(space, b.issues) + " into " +
                           core::format_number(count) + " combinations, more than the limit of " +
                           core::format_number(limits.max_block) + " enumerated together; split the red line or " +
                           "coarsen those issues' steps",
                       where_text(rules.empty() ? space.issues[b.issues.front()].where : rules.front()->where));
    }
    // Enumerate the block's combinations in mixed radix, its first issue most significant.
    const std::size_t width = b.issues.size();
    std::vector<std::size_t> digit(width, 0);
    const auto total = static_cast<std::size_t>(count);
    for (std::size_t e = 0; e < total; ++e) {
      if ((e & 0xFFFFU) == 0) check(limits);  // a block may hold 16 million combinations
      for (std::size_t i = 0; i < width; ++i)
        values[b.issues[i]] = space.issues[b.issues[i]].values[allowed[b.issues[i]][digit[i]]];
      const bool ok = std::all_of(rules.begin(), rules.end(), [&](const SpaceRule* r) { return r->holds(values); });
      if (ok) {
        for (std::size_t i = 0; i < width; ++i) b.choice.push_back(allowed[b.issues[i]][digit[i]]);
        for (std::size_t p : space.parties) {
          double s = 0;
          for (std::size_t i = 0; i < width; ++i)
            s += space.actors[p].share(b.issues[i], allowed[b.issues[i]][digit[i]]);
          b.share.push_back(s);
        }
      }
      for (std::size_t i = width; i-- > 0;) {
        if (++digit[i] < allowed[b.issues[i]].size()) break;
        digit[i] = 0;
      }
    }
    out.push_back(std::move(b));
  }
  return out;
}

// ---- frontier --------------------------------------------------------------------------------------------

double FrontierPoint::packages() const {
  double n = 1;
  for (const auto& m : members) n *= static_cast<double>(m.size());
  return n;
}

namespace {

// A block reduced to its own frontier, with elements of equal shares grouped into classes.
struct Reduced {
  std::vector<std::vector<std::uint32_t>> members;  // per class: elements, ascending
  std::vector<double> share;                        // per class: shares
};

Reduced reduce(const Block& b, std::size_t m, double max_work, unsigned threads) {
  Reduced out;
  const auto keep = nondominated(b.share, m, max_work, threads);
  if (keep.empty()) return out;
  std::vector<double> kept;
  for (Index e : keep) kept.insert(kept.end(), b.share.begin() + e * m, b.share.begin() + (e + 1) * m);
  // Classes: equal rank vectors.
  const auto r = all_ranks(kept, m);
  std::vector<Index> order(keep.size());
  std::iota(order.begin(), order.end(), Index{0});
  auto key_less = [&](Index a, Index c) {
    for (std::size_t i = 0; i < m; ++i) {
      if (r[i][a] != r[i][c]) return r[i][a] < r[i][c];
    }
    return a < c;
  };
  std::sort(order.begin(), order.end(), key_less);
  for (std::size_t i = 0; i < order.size(); ++i) {
    bool same = i > 0;
    for (std::size_t c = 0; c < m && same; ++c) same = r[c][order[i]] == r[c][order[i - 1]];
    if (!same) {
      out.members.emplace_back();
      out.share.insert(out.share.end(), kept.begin() + order[i] * m, kept.begin() + (order[i] + 1) * m);
    }
    out.members.back().push_back(keep[order[i]]);
  }
  for (auto& c : out.members) std::sort(c.begin(), c.end());
  return out;
}

struct Level {
  std::vector<Index> parent, cls;  // per point: the point of the previous level, the class of this block
  std::vector<double> u;           // per point: utilities so far
};

// The points of a level that no other point of it dominates.
Level undominated(const Level& level, std::size_t m, double max_work, unsigned threads) {
  Level kept;
  for (Index i : nondominated(level.u, m, max_work, threads)) {
    kept.parent.push_back(level.parent[i]);
    kept.cls.push_back(level.cls[i]);
    kept.u.insert(kept.u.end(), level.u.begin() + i * m, level.u.begin() + (i + 1) * m);
  }
  return kept;
}

// Candidates per slice of a merge: small enough for cache, large enough to amortise the sort.
constexpr std::size_t kSliceCandidates = std::size_t{1} << 18;

}  // namespace

namespace {

// best_after[c][p]: the most party p can still gain from the blocks after c.
std::vector<std::vector<double>> best_after_each(const std::vector<Reduced>& reduced, std::size_t m) {
  std::vector<std::vector<double>> best_after(reduced.size() + 1, std::vector<double>(m, 0.0));
  for (std::size_t c = reduced.size(); c-- > 0;) {
    for (std::size_t p = 0; p < m; ++p) {
      double best = 0;
      for (std::size_t k = 0; k < reduced[c].members.size(); ++k) best = std::max(best, reduced[c].share[k * m + p]);
      best_after[c][p] = best_after[c + 1][p] + best;
    }
  }
  return best_after;
}

// Each party's no_deal threshold (just inside it), or -1 for none.
std::vector<double> no_deal_floor(const Space& space) {
  std::vector<double> floor(space.parties.size(), -1.0);
  for (std::size_t p = 0; p < floor.size(); ++p) {
    const auto& nd = space.actors[space.parties[p]].no_deal;
    if (nd) floor[p] = *nd - kUtilityEpsilon;
  }
  return floor;
}

[[noreturn]] void frontier_too_large(const Limits& limits, const SpaceIssue& at) {
  throw LimitError("the Pareto frontier grows past " + std::to_string(limits.max_frontier) +
                       " distinct points (at issue " + at.id + "); coarsen the issues' steps",
                   where_text(at.where));
}

// The next level: every point of `current` with every class of `block`, those that can still reach every
// no_deal threshold (`rest`: the most each party gains from the blocks after this one), filtered to the
// undominated. Formed and filtered in slices over threads, the slices' frontiers bounded as they come.
Level merge(const Level& current, const Reduced& block, const std::vector<double>& rest,
            const std::vector<double>& floor, const Limits& limits, const SpaceIssue& at) {
  const std::size_t m = floor.size();
  const std::size_t rows = current.parent.size(), classes = block.members.size();
  const std::size_t rows_per_slice = std::max<std::size_t>(1, kSliceCandidates / classes);
  const std::size_t slices = (rows + rows_per_slice - 1) / rows_per_slice;
  std::vector<Level> parts(slices);
  // The slices' frontiers are held together before the last filter: bound their total as they come, so
  // memory stays bounded. The total only grows, so whether it passes does not depend on the threads.
  std::atomic<std::size_t> held{0};
  parallel_for(slices, limits.threads, [&](std::size_t s) {
    check(limits);  // a slice forms up to kSliceCandidates sums and filters them
    Level local;
    const std::size_t r0 = s * rows_per_slice, r1 = std::min(rows, r0 + rows_per_slice);
    std::vector<double> u(m);
    for (std::size_t r = r0; r < r1; ++r) {
      for (std::size_t k = 0; k < classes; ++k) {
        bool reachable = true;
        for (std::size_t p = 0; p < m; ++p) {
          u[p] = current.u[r * m + p] + block.share[k * m + p];
          reachable = reachable && u[p] + rest[p] >= floor[p];
        }
        if (!reachable) continue;
        local.parent.push_back(static_cast<Index>(r));
        local.cls.push_back(static_cast<Index>(k));
        local.u.insert(local.u.end(), u.begin(), u.end());
      }
    }
    // One slice alone has every thread; several share them out as slices.
    parts[s] = undominated(local, m, limits.max_comparisons, slices == 1 ? limits.threads : 1);
    if (held += parts[s].parent.size(); held > 2 * limits.max_frontier) frontier_too_large(limits, at);
  });
  Level merged;
  for (auto& part : parts) {
    merged.parent.insert(merged.parent.end(), part.parent.begin(), part.parent.end());
    merged.cls.insert(merged.cls.end(), part.cls.begin(), part.cls.end());
    merged.u.insert(merged.u.end(), part.u.begin(), part.u.end());
    part = Level{};
  }
  if (slices > 1) merged = undominated(merged, m, limits.max_comparisons, limits.threads);
  if (merged.parent.size() > limits.max_frontier) frontier_too_large(limits, at);
  return merged;
}

// The frontier's points, each walked back through the levels to its class in every block.
void walk_back(const std::vector<Level>& levels, const std::vector<Reduced>& reduced, std::size_t m, Frontier& out) {
  const Level& last = levels.back();
  const std::size_t points = last.parent.size(), blocks = reduced.size();
  out.points.resize(points);
  for (std::size_t i = 0; i < points; ++i) {
    FrontierPoint& fp = out.points[i];
    fp.utilities.assign(last.u.begin() + i * m, last.u.begin() + (i + 1) * m);
    fp.members.resize(blocks);
    Index at = static_cast<Index>(i);
    for (std::size_t c = blocks; c-- > 0;) {
      const Level& level = levels[c + 1];
      fp.members[c] = reduced[c].members[level.cls[at]];
      at = level.parent[at];
    }
    out.packages += fp.packages();
  }
  out.distinct = distinct_points(last.u, m);
}

// Orders the points: larger sum of utilities first (sums within kUtilityEpsilon equal, through ranks so that the
// order is a strict weak one), then the smaller package issue by issue.
void sort_points(const Space& space, const std::vector<Block>& blocks, Frontier& out) {
  const std::size_t points = out.points.size();
  std::vector<double> sums(points);
  std::vector<std::vector<std::size_t>> first(points);
  for (std::size_t i = 0; i < points; ++i) {
    sums[i] = std::accumulate(out.points[i].utilities.begin(), out.points[i].utilities.end(), 0.0);
    first[i] = package_of(space, blocks, out.points[i]);
  }
  const auto sum_rank = ranks(sums, 1, 0);
  std::vector<std::size_t> order(points);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (sum_rank[a] != sum_rank[b]) return sum_rank[a] > sum_rank[b];
    return first[a] < first[b];
  });
  std::vector<FrontierPoint> sorted;
  sorted.reserve(points);
  for (std::size_t i : order) sorted.push_back(std::move(out.points[i]));
  out.points = std::move(sorted);
}

}  // namespace

Frontier pareto_frontier(const Space& space, const std::vector<Block>& blocks, const Limits& limits) {
  Frontier out;
  const std::size_t m = space.parties.size();
  if (m == 0 || blocks.empty()) return out;
  std::vector<Reduced> reduced;
  reduced.reserve(blocks.size());
  for (const auto& b : blocks) reduced.push_back(reduce(b, m, limits.max_comparisons, limits.threads));
  if (std::any_of(reduced.begin(), reduced.end(), [](const Reduced& r) { return r.members.empty(); })) return out;
  const auto best_after = best_after_each(reduced, m);
  // Under a rule other than unanimity the block holds only passing packages already, and a party may reject
  // one that passes: no no_deal level bounds the frontier.
  const auto floor = space.decision.unanimity ? no_deal_floor(space) : std::vector<double>(m, -1.0);

  // Level c + 1 holds the undominated partial packages over blocks 0 to c; level 0 the empty package.
  std::vector<Level> levels;
  Level current;
  current.parent = {0};
  current.cls = {0};
  current.u.assign(m, 0.0);
  double candidates = 0;
  if (limits.work != nullptr) limits.work->phase("blocks merged", blocks.size());
  for (std::size_t c = 0; c < blocks.size(); ++c) {
    const SpaceIssue& at = space.issues[blocks[c].issues.front()];
    candidates += static_cast<double>(current.parent.size()) * static_cast<double>(reduced[c].members.size());
    if (candidates > limits.max_candidates) {
      throw LimitError("the Pareto frontier needs more than " + core::format_number(limits.max_candidates) +
                           " partial packages compared (at issue " + at.id + "); coarsen the issues' steps",
                       where_text(at.where));
    }
    Level merged = merge(current, reduced[c], best_after[c + 1], floor, limits, at);
    current.u = {};  // only the last level's utilities are needed
    levels.push_back(std::move(current));
    current = std::move(merged);
    if (limits.work != nullptr) limits.work->step();
  }
  levels.push_back(std::move(current));
  walk_back(levels, reduced, m, out);
  sort_points(space, blocks, out);
  return out;
}

std::vector<std::size_t> package_of(const Space& space, const std::vector<Block>& blocks, const FrontierPoint& point,
                                    double k) {
  std::vector<std::size_t> package(space.issues.size(), 0);
  // Mixed radix over the blocks, the last block least significant.
  std::vector<std::size_t> pick(blocks.size(), 0);
  for (std::size_t c = blocks.size(); c-- > 0;) {
    const double n = static_cast<double>(point.members[c].size());
    pick[c] = static_cast<std::size_t>(std::fmod(k, n));
    k = std::floor(k / n);
  }
  for (std::size_t c = 0; c < blocks.size(); ++c) {
    const Block& b = blocks[c];
    const std::uint32_t e = point.members[c][pick[c]];
    for (std::size_t i = 0; i < b.issues.size(); ++i) package[b.issues[i]] = b.choice[e * b.issues.size() + i];
  }
  return package;
}

// ---- counting --------------------------------------------------------------------------------------------

Count count_agreeable(const Space& space, const std::vector<Block>& blocks, const Limits& limits) {
  Count out;
  if (blocks.empty()) return out;
  // Only parties with a no_deal make acceptance depend on more than one block.
  std::vector<std::size_t> judged;
  std::vector<double> floor;
  for (std::size_t p = 0; p < space.parties.size(); ++p) {
    if (const auto& nd = space.actors[space.parties[p]].no_deal)
      judged.push_back(p), floor.push_back(*nd - kUtilityEpsilon);
  }
  double product = 1;
  for (const auto& b : blocks) product *= static_cast<double>(b.size());
  if (judged.empty() || product == 0) {
    out.value = out.low = out.high = product;
    return out;
  }
  const std::size_t m = space.parties.size(), q = judged.size(), nb = blocks.size();
  // Per block, per element: the judged parties' shares; the best and worst of each from later blocks.
  std::vector<std::vector<double>> share(nb);
  std::vector<std::vector<double>> most(nb + 1, std::vector<double>(q, 0.0)),
      least(nb + 1, std::vector<double>(q, 0.0));
  std::vector<double> size_after(nb + 1, 1.0);
  for (std::size_t c = nb; c-- > 0;) {
    const Block& b = blocks[c];
    share[c].resize(b.size() * q);
    for (std::size_t e = 0; e < b.size(); ++e) {
      for (std::size_t j = 0; j < q; ++j) share[c][e * q + j] = b.share[e * m + judged[j]];
    }
    for (std::size_t j = 0; j < q; ++j) {
      double hi = 0, lo = 1e300;
      for (std::size_t e = 0; e < b.size(); ++e)
        hi = std::max(hi, share[c][e * q + j]), lo = std::min(lo, share[c][e * q + j]);
      most[c][j] = most[c + 1][j] + hi;
      least[c][j] = least[c + 1][j] + lo;
    }
    size_after[c] = size_after[c + 1] * static_cast<double>(b.size());
  }
  // Depth-first over blocks; whole subtrees are counted or skipped by the bounds. The first block's
  // elements are the parallel tasks, each with its own budget share and result slot.
  const std::size_t tasks = blocks[0].size();
  const double budget_per_task = limits.max_count_work / static_cast<double>(tasks);
  struct Slot {
    double counted = 0, unknown = 0;
  };
  std::vector<Slot> slots(tasks);
  if (limits.work != nullptr) limits.work->phase("subtrees counted", tasks);
  parallel_for(tasks, limits.threads, [&](std::size_t t) {
    Slot& slot = slots[t];
    double work = 0, next_check = 0;
    std::vector<double> partial(q);
    auto visit = [&](auto& self, std::size_t c, std::vector<double>& u) -> void {
      bool all = true;
      for (std::size_t j = 0; j < q; ++j) {
        if (u[j] + most[c][j] < floor[j]) return;
        all = all && u[j] + least[c][j] >= floor[j];
      }
      if (all) {
        slot.counted += size_after[c];
        return;
      }
      if (work > budget_per_task) {
        slot.unknown += size_after[c];
        return;
      }
      if (work >= next_check) {
        check(limits);
        next_check = work + 65536;
      }
      const std::vector<double>& s = share[c];
      const std::size_t n = blocks[c].size();
      if (c + 1 == nb) {
        work += static_cast<double>(n);
        std::size_t hits = 0;
        for (std::size_t e = 0; e < n; ++e) {
          bool ok = true;
          for (std::size_t j = 0; j < q; ++j) ok = ok && u[j] + s[e * q + j] >= floor[j];
          hits += ok;
        }
        slot.counted += static_cast<double>(hits);
        return;
      }
      work += 1;
      std::vector<double> next(q);
      for (std::size_t e = 0; e < n; ++e) {
        for (std::size_t j = 0; j < q; ++j) next[j] = u[j] + s[e * q + j];
        self(self, c + 1, next);
      }
    };
    for (std::size_t j = 0; j < q; ++j) partial[j] = share[0][t * q + j];
    if (nb == 1) {
      bool ok = true;
      for (std::size_t j = 0; j < q; ++j) ok = ok && partial[j] >= floor[j];
      slot.counted = ok ? 1 : 0;
    } else {
      visit(visit, 1, partial);
    }
    if (limits.work != nullptr) limits.work->step();
  });
  for (const auto& s : slots) out.low += s.counted, out.high += s.counted + s.unknown;
  out.exact = out.low == out.high;
  out.value = out.exact ? out.low : (out.low + out.high) / 2;
  return out;
}

}  // namespace parley::analysis
