#include "brute_force.hpp"

#include <algorithm>
#include <stdexcept>

namespace parley::conflict::testing {

namespace {

// Whether the options in `changed` may go from their values in `from` to the opposite: take options only
// N -> Y, drop options only Y -> N.
bool directions_allow(const Conflict& c, Code from, Code changed) {
  for (std::size_t o = 0; o < c.options.size(); ++o) {
    if (((changed >> o) & 1U) == 0) continue;
    const bool was_yes = ((from >> o) & 1U) != 0;
    if (c.options[o].direction == Direction::take && was_yes) return false;
    if (c.options[o].direction == Direction::drop && !was_yes) return false;
  }
  return true;
}

}  // namespace

BruteForce::BruteForce(const Model& m, const Conflict& c) : m_(&m) {
  const std::size_t n = m.size();
  moves_.resize(m.dm_count());
  for (std::size_t k = 0; k < m.dm_count(); ++k) {
    Code controlled = 0;
    for (std::size_t o = 0; o < c.options.size(); ++o) {
      if (c.options[o].actor == m.dm(k).actor) controlled |= Code{1} << o;
    }
    controlled_.push_back(controlled);
    moves_[k].resize(n);
    // Every feasible t != s that differs from s only in options k controls, none changed against its direction.
    for (State s = 0; s < n; ++s) {
      for (State t = 0; t < n; ++t) {
        if (t == s) continue;
        const Code changed = m.code(s) ^ m.code(t);
        if ((changed & ~controlled) != 0) continue;
        if (!directions_allow(c, m.code(s), changed)) continue;
        moves_[k][s].push_back(t);
      }
    }
  }
}

bool BruteForce::is_move(std::size_t k, State s, State t) const {
  if (k >= moves_.size() || s >= size()) return false;
  const auto& v = moves_[k][s];
  return std::binary_search(v.begin(), v.end(), t);
}

std::vector<State> BruteForce::improvements(std::size_t k, State s) const {
  std::vector<State> out;
  for (const State t : moves_[k][s]) {
    if (prefers(k, t, s)) out.push_back(t);
  }
  return out;
}

std::vector<std::size_t> BruteForce::others(std::size_t k) const {
  std::vector<std::size_t> out;
  for (std::size_t j = 0; j < dm_count(); ++j) {
    if (j != k) out.push_back(j);
  }
  return out;
}

std::vector<std::uint32_t> BruteForce::group_distances(const std::vector<std::size_t>& group, State s,
                                                       bool improvements_only) const {
  // Breadth-first over (state, last mover): position p < |group| is group[p], |group| is "nobody yet".
  const std::size_t n = size(), lasts = group.size() + 1;
  const auto pair = [&](State x, std::size_t last) { return static_cast<std::size_t>(x) * lasts + last; };
  std::vector<std::uint32_t> seen(n * lasts, kUnreached);
  std::vector<std::uint32_t> out(n, kUnreached);
  std::vector<std::pair<State, std::size_t>> queue{{s, group.size()}};
  seen[pair(s, group.size())] = 0;
  for (std::size_t head = 0; head < queue.size(); ++head) {
    const auto [x, last] = queue[head];
    const std::uint32_t d = seen[pair(x, last)] + 1;
    for (std::size_t p = 0; p < group.size(); ++p) {
      if (p == last) continue;  // no member moves twice in a row
      const std::size_t j = group[p];
      for (const State t : moves_[j][x]) {
        if (improvements_only && !prefers(j, t, x)) continue;
        if (seen[pair(t, p)] != kUnreached) continue;
        seen[pair(t, p)] = d;
        out[t] = std::min(out[t], d);
        queue.emplace_back(t, p);
      }
    }
  }
  return out;
}

const std::vector<std::uint32_t>& BruteForce::others_distances(std::size_t k, State s1, bool improvements_only) const {
  const auto key = std::make_tuple(k, s1, improvements_only);
  auto it = others_cache_.find(key);
  if (it == others_cache_.end())
    it = others_cache_.emplace(key, group_distances(others(k), s1, improvements_only)).first;
  return it->second;
}

std::uint32_t BruteForce::sanction_distance(std::size_t k, State s, State s1, Concept c) const {
  if (c != Concept::gmr && c != Concept::smr && c != Concept::seq) return kUnreached;
  const auto& d = others_distances(k, s1, c == Concept::seq);
  std::uint32_t best = kUnreached;
  for (State s2 = 0; s2 < size(); ++s2) {
    if (d[s2] == kUnreached || prefers(k, s2, s)) continue;  // s2 in R(s1) with s >=_k s2
    if (c == Concept::smr) {
      const auto& escapes = moves_[k][s2];
      if (std::any_of(escapes.begin(), escapes.end(), [&](State s3) { return prefers(k, s3, s); })) continue;
    }
    best = std::min(best, d[s2]);
  }
  return best;
}

bool BruteForce::stable(std::size_t k, State s, Concept c) const {
  const auto better = improvements(k, s);
  switch (c) {
    case Concept::nash:
      return better.empty();
    case Concept::gmr:
    case Concept::smr:
    case Concept::seq:
      return std::all_of(better.begin(), better.end(), [&](State s1) { return sanctioned(k, s, s1, c); });
    case Concept::sim:
      return std::all_of(better.begin(), better.end(), [&](State s1) { return simultaneously_sanctioned(k, s, s1); });
    case Concept::limited:
      break;
  }
  throw std::logic_error("BruteForce::stable: limited move needs a horizon");
}

bool BruteForce::simultaneously_sanctioned(std::size_t k, State s, State s1) const {
  // Every choice, per other decision maker, of staying at s or one of its improvements from s: choice[i] == 0
  // is staying, choice[i] == p the p-th improvement.
  const auto others_k = others(k);
  std::vector<std::vector<State>> options(others_k.size());
  for (std::size_t i = 0; i < others_k.size(); ++i) options[i] = improvements(others_k[i], s);
  std::vector<std::size_t> choice(others_k.size(), 0);
  while (true) {
    // The outcome, option by option: k's options as at s1, each other's as at the state it chose, the rest as at s.
    Code outcome = 0;
    for (std::size_t o = 0; o < m_->option_count(); ++o) {
      State from = s;
      if ((controlled_[k] >> o) & 1U) from = s1;
      for (std::size_t i = 0; i < others_k.size(); ++i) {
        if (((controlled_[others_k[i]] >> o) & 1U) && choice[i] != 0) from = options[i][choice[i] - 1];
      }
      outcome |= m_->code(from) & (Code{1} << o);
    }
    for (State z = 0; z < size(); ++z) {
      if (m_->code(z) == outcome && !prefers(k, z, s)) return true;
    }
    std::size_t i = 0;
    while (i < choice.size() && choice[i] == options[i].size()) choice[i++] = 0;
    if (i == choice.size()) return false;
    ++choice[i];
  }
}

BruteForce::Limited BruteForce::limited(int h, std::size_t k, State s, bool for_opponent) const {
  if (dm_count() != 2) throw std::logic_error("limited move needs two decision makers");
  if (h == 0) return Limited{s, kNoState};
  const auto key = std::make_tuple(h, k, s, for_opponent);
  if (const auto it = limited_cache_.find(key); it != limited_cache_.end()) return it->second;
  // G_h(k, s) = G_{h-1}(j, s*) for the move s* whose anticipated outcome k likes best, if k likes it better
  // than s; else s.
  std::optional<State> best_move, best_outcome;
  for (const State t : moves_[k][s]) {
    const std::size_t j = 1 - k;
    const State o = limited(h - 1, j, t, for_opponent).outcome;
    bool take = !best_outcome;
    if (!take && prefers(k, o, *best_outcome)) take = true;
    else if (!take && !prefers(k, *best_outcome, o)) {
      const bool j_better = prefers(j, o, *best_outcome), j_worse = prefers(j, *best_outcome, o);
      if (j_better || j_worse) take = for_opponent ? j_better : j_worse;
      else take = o < *best_outcome || (o == *best_outcome && t < *best_move);
    }
    if (take) {
      best_move = t;
      best_outcome = o;
    }
  }
  Limited out{s, kNoState};
  if (best_outcome && prefers(k, *best_outcome, s)) out = Limited{*best_outcome, *best_move};
  limited_cache_.emplace(key, out);
  return out;
}

std::uint32_t BruteForce::upset_distance(const std::vector<std::size_t>& coalition, State s) const {
  const auto d = group_distances(coalition, s, false);
  std::uint32_t best = kUnreached;
  for (State t = 0; t < size(); ++t) {
    if (d[t] == kUnreached) continue;
    if (std::all_of(coalition.begin(), coalition.end(), [&](std::size_t k) { return prefers(k, t, s); })) {
      best = std::min(best, d[t]);
    }
  }
  return best;
}

std::string BruteForce::path_problem(const std::vector<Step>& path, State from, const std::vector<std::size_t>& movers,
                                     bool improvements_only, bool alternating) const {
  State at = from;
  for (std::size_t j = 0; j < path.size(); ++j) {
    const Step& step = path[j];
    const std::string where = "step " + std::to_string(j + 1) + " (dm " + std::to_string(step.dm) + ", " +
                              std::to_string(step.from + 1) + " -> " + std::to_string(step.to + 1) + "): ";
    if (step.from != at) return where + "does not start where the path stands, state " + std::to_string(at + 1);
    if (std::find(movers.begin(), movers.end(), step.dm) == movers.end()) return where + "a mover not allowed";
    if (!is_move(step.dm, step.from, step.to)) return where + "not a unilateral move of its mover";
    if (improvements_only && !prefers(step.dm, step.to, step.from)) return where + "not an improvement for its mover";
    if (alternating && j > 0 && path[j - 1].dm == step.dm) return where + "its mover moved in the step before";
    at = step.to;
  }
  return {};
}

std::vector<std::uint32_t> BruteForce::status_quo_distances(State start, bool improvements_only) const {
  std::vector<std::uint32_t> d(size(), kUnreached);
  std::vector<State> queue{start};
  d[start] = 0;
  for (std::size_t head = 0; head < queue.size(); ++head) {
    const State x = queue[head];
    for (std::size_t k = 0; k < dm_count(); ++k) {
      for (const State t : moves_[k][x]) {
        if (improvements_only && !prefers(k, t, x)) continue;
        if (d[t] != kUnreached) continue;
        d[t] = d[x] + 1;
        queue.push_back(t);
      }
    }
  }
  return d;
}

}  // namespace parley::conflict::testing
