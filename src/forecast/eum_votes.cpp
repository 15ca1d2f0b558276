#include "forecast/eum_votes.hpp"

#include <cmath>
#include <limits>

namespace parley::forecast::detail {

namespace {

constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
constexpr double kInfinity = std::numeric_limits<double>::infinity();

// d = (distance / D)^r, computed as exp(r log(distance / D)) so that a row's logarithms serve every exponent.
double power(double log_distance, double r) {
  return std::exp(r * log_distance);
}

}  // namespace

// Walk the values in increasing order (merging the positions left and right of the voter, each side already
// sorted by distance) and count each gap once for every pair of actors it separates: all terms are >= 0, so
// nothing cancels. Two merges run at once, from the smallest value up and from the largest down, and meet in
// the middle: the work is the same, but the two chains of dependent steps overlap. The order is (value, left
// before right), so the two merges split the values between them without overlap.
double spread(std::span<const double> padded, std::span<const double> counts, std::size_t own, double actors) {
  const std::size_t u = counts.size();
  if (u < 2) return 0;
  const double* p = padded.data();  // p[t + 1] is position t's value; p[0] = p[u + 1] = +inf
  const std::size_t mine = own + 1, steps = u - 1, up = steps / 2;
  std::size_t fl = mine - 1, fr = mine + 1;  // the upward merge's next candidates
  std::size_t bl = 1, br = u;                // the downward merge's: valid while bl < mine, br > mine
  double below = counts[own], low = p[mine], sum_up = 0;
  double above = 0, high = 0, sum_down = 0;
  const auto step_down = [&] {
    const double lv = bl < mine ? p[bl] : -kInfinity, rv = br > mine ? p[br] : -kInfinity;
    const bool left = lv > rv;
    const std::size_t t = left ? bl : br;
    bl += left ? 1 : 0;
    br -= left ? 0 : 1;
    sum_down += (high - p[t]) * above * (actors - above);  // 0 on the first step
    above += counts[t - 1];
    high = p[t];
  };
  for (std::size_t k = 0; k < up; ++k) {
    const bool left = p[fl] <= p[fr];
    const std::size_t t = left ? fl : fr;
    fl -= left ? 1 : 0;
    fr += left ? 0 : 1;
    sum_up += (p[t] - low) * below * (actors - below);
    below += counts[t - 1];
    low = p[t];
    step_down();
  }
  if (steps - up > up) step_down();
  return sum_up + sum_down + (high - low) * below * above;
}

void VoteTable::build(std::span<const double> positions, std::span<const double> counts, std::span<const Voter> voters,
                      double range, Keep keep) {
  const std::size_t u = positions.size();
  keep_ = keep;
  size_ = u;
  range_ = range;
  positions_.assign(positions.begin(), positions.end());
  voters_.assign(voters.begin(), voters.end());
  first_voter_.assign(u + 1, voters.size());
  for (std::size_t v = voters.size(); v > 0; --v) first_voter_[voters[v - 1].group] = v - 1;
  for (std::size_t g = u; g > 0; --g) first_voter_[g - 1] = std::min(first_voter_[g - 1], first_voter_[g]);
  total_.assign(u, 0.0);
  row_.assign(u + 2, kInfinity);
  log_.resize(u);
  log_group_ = kNone;
  all_votes_ = 0;
  double actors = 0;
  for (const double c : counts) actors += c;

  if (keep == Keep::every_pair) {
    const std::size_t pairs = u < 2 ? 0 : u * (u - 1) / 2;
    if (pairs > left_capacity_) {
      left_ = std::make_unique_for_overwrite<double[]>(pairs);
      left_capacity_ = pairs;
    }
    // Each left position g walks its partners h = g + 1, g + 2, ... whose splits never decrease; it waits in
    // the bucket of its current pair's split until the sweep gets there.
    partner_.resize(u);
    split_.resize(u);
    next_.assign(u, kNone);
    head_.assign(u + 1, kNone);
    for (std::size_t g = 0; g + 1 < u; ++g) {
      partner_[g] = g + 1;
      split_[g] = split(positions, g, g + 1, g + 1);
      next_[g] = head_[split_[g]];
      head_[split_[g]] = g;
    }
  } else {
    checkpoint_.resize(u == 0 ? 0 : ((u - 1) / kStride + 1) * u);
  }

  for (std::size_t m = 0; m <= u; ++m) {
    // total_ now holds A_t(m): the voters at positions before m.
    if (keep == Keep::every_pair) {
      record_pairs(m);
    } else if (m < u && m % kStride == 0) {
      std::copy(total_.begin(), total_.end(), checkpoint_.begin() + static_cast<std::ptrdiff_t>(m / kStride * u));
    }
    if (m == u) break;
    for (std::size_t v = first_voter_[m]; v < first_voter_[m + 1]; ++v) add_voter(voters_[v], counts, actors);
  }
  max_total_ = 0;
  for (const double t : total_) max_total_ = std::max(max_total_, t);
}

// Records every pair whose split is m.
void VoteTable::record_pairs(std::size_t m) {
  const std::size_t u = size_, pairs = u < 2 ? 0 : u * (u - 1) / 2;
  std::size_t g = head_[m];
  head_[m] = kNone;
  while (g != kNone) {
    const std::size_t after = next_[g];
    while (partner_[g] < u && split_[g] == m) {
      const std::size_t h = partner_[g], at = row_start(g) + (h - g - 1);
      left_[at] = total_[h] - total_[g];
      // Rows fill left to right, a little at each step: fetch this row's next cache line ahead.
      __builtin_prefetch(left_.get() + std::min(at + 8, pairs - 1), 1);
      ++partner_[g];
      if (partner_[g] < u) split_[g] = split(positions_, g, partner_[g], split_[g]);
    }
    if (partner_[g] < u) {
      next_[g] = head_[split_[g]];
      head_[split_[g]] = g;
    }
    g = after;
  }
}

void VoteTable::add_voter(const Voter& voter, std::span<const double> counts, double actors) {
  const double w = voter.weight;
  if (!(w > 0)) return;  // votes nothing
  const std::size_t u = size_;
  const double r = voter.exponent, at = positions_[voter.group];
  double* d = row_.data() + 1;
  if (r == 1) {
    for (std::size_t t = 0; t < u; ++t) d[t] = std::fabs(at - positions_[t]) / range_;
  } else {
    if (log_group_ != voter.group) {  // the voters at one position share their logarithms
      for (std::size_t t = 0; t < u; ++t) {
        log_[t] = t == voter.group ? -kInfinity : std::log(std::fabs(at - positions_[t]) / range_);
      }
      log_group_ = voter.group;
    }
    for (std::size_t t = 0; t < u; ++t) d[t] = power(log_[t], r);
  }
  for (std::size_t t = 0; t < u; ++t) total_[t] += w * d[t];
  all_votes_ += w * 2 * spread(row_, counts, voter.group, actors);  // ordered pairs
}

// votes(g, h) from the checkpoint at or before the split, plus the voters since, each as the sweep counts it.
double VoteTable::recount(std::size_t g, std::size_t h) const {
  const std::span<const double> x(positions_);
  std::size_t low = g + 1, high = h;  // the split: x[m] - x[g] < x[h] - x[m] holds before it, not from it on
  while (low < high) {
    const std::size_t mid = low + (high - low) / 2;
    if (x[mid] - x[g] < x[h] - x[mid]) {
      low = mid + 1;
    } else {
      high = mid;
    }
  }
  const std::size_t q = low / kStride;
  const double* at_checkpoint = checkpoint_.data() + q * size_;
  double left = at_checkpoint[h] - at_checkpoint[g];
  for (std::size_t v = first_voter_[q * kStride]; v < first_voter_[low]; ++v) {
    const Voter& voter = voters_[v];
    if (!(voter.weight > 0)) continue;
    const double at = x[voter.group], to_g = std::fabs(at - x[g]) / range_, to_h = std::fabs(at - x[h]) / range_;
    const double d_g = voter.exponent == 1 ? to_g : power(std::log(to_g), voter.exponent);
    const double d_h = voter.exponent == 1 ? to_h : power(std::log(to_h), voter.exponent);
    left += voter.weight * (d_h - d_g);
  }
  return left;
}

void LinearVotes::prepare(std::span<const double> positions, std::span<const double> counts,
                          std::span<const double> weights, double range) {
  const std::size_t u = positions.size();
  per_range_ = 1 / range;
  y_.resize(u);
  counts_.assign(counts.begin(), counts.end());
  w_.assign(u + 1, 0.0);
  s_.assign(u + 1, 0.0);
  for (std::size_t t = 0; t < u; ++t) {
    y_[t] = positions[t] - positions[0];
    w_[t + 1] = w_[t] + weights[t];
    s_[t + 1] = s_[t] + weights[t] * y_[t];
  }
  all_votes_ = 0;
}

}  // namespace parley::forecast::detail
