#include "forecast/eum_votes.hpp"

#include <cmath>
#include <limits>

#include "core/parallel.hpp"

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
                      double range, Keep keep, const Layout& layout) {
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
    // Wider strides only where the default's checkpoints would pass the bound: below it every sum is as before.
    const double wanted = 8.0 * static_cast<double>(u) * static_cast<double>(u) / layout.checkpoint_bytes;
    stride_ = std::max(kStride, static_cast<std::size_t>(std::ceil(wanted)));
    checkpoint_.resize(u == 0 ? 0 : ((u - 1) / stride_ + 1) * u);
  }

  // Blocks of voters: their rows made in parallel (each worker a contiguous run of them, so that voters at one
  // position share their logarithms as they would in one thread), then added in voter order, position m's turn
  // coming before its first voter's row is added (total_ then holds A_t(m)).
  const std::size_t workers = core::thread_count(layout.threads), width = u + 2, rows_per_block = layout.rows_per_block;
  const std::size_t block = std::max<std::size_t>(
      1,
      std::min<std::size_t>(
          voters_.size(),
          rows_per_block > 0 ? rows_per_block : std::max<std::size_t>(workers, (std::size_t{64} << 20) / (8 * width))));
  rows_.resize(block * width);
  spreads_.resize(block);
  std::size_t m = 0;
  for (std::size_t from = 0; from < voters_.size(); from += block) {
    const std::size_t n = std::min(block, voters_.size() - from), parts = std::min(workers, n);
    core::parallel_for(parts, static_cast<unsigned>(parts), [&](std::size_t part) {
      std::vector<double> log(u);
      std::size_t log_group = kNone;
      for (std::size_t i = n * part / parts; i < n * (part + 1) / parts; ++i) {
        spreads_[i] = row_of(voters_[from + i], counts, actors, rows_.data() + i * width, log, log_group);
      }
    });
    for (std::size_t i = 0; i < n; ++i) {
      const Voter& voter = voters_[from + i];
      for (; m <= voter.group; ++m) reach(m);
      if (!(voter.weight > 0)) continue;  // votes nothing
      const double w = voter.weight, *d = rows_.data() + i * width + 1;
      for (std::size_t t = 0; t < u; ++t) total_[t] += w * d[t];
      all_votes_ += w * 2 * spreads_[i];  // ordered pairs
    }
  }
  for (; m <= u; ++m) reach(m);
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

void VoteTable::reach(std::size_t m) {
  if (keep_ == Keep::every_pair) {
    record_pairs(m);
  } else if (m < size_ && m % stride_ == 0) {
    std::copy(total_.begin(), total_.end(), checkpoint_.begin() + static_cast<std::ptrdiff_t>(m / stride_ * size_));
  }
}

double VoteTable::row_of(const Voter& voter, std::span<const double> counts, double actors, double* padded,
                         std::vector<double>& log, std::size_t& log_group) const {
  if (!(voter.weight > 0)) return 0;  // votes nothing: its row is not read
  const std::size_t u = size_;
  const double r = voter.exponent, at = positions_[voter.group];
  padded[0] = padded[u + 1] = kInfinity;
  double* d = padded + 1;
  if (r == 1) {
    for (std::size_t t = 0; t < u; ++t) d[t] = std::fabs(at - positions_[t]) / range_;
  } else {
    if (log_group != voter.group) {  // the voters at one position share their logarithms
      for (std::size_t t = 0; t < u; ++t) {
        log[t] = t == voter.group ? -kInfinity : std::log(std::fabs(at - positions_[t]) / range_);
      }
      log_group = voter.group;
    }
    for (std::size_t t = 0; t < u; ++t) d[t] = power(log[t], r);
  }
  return spread({padded, u + 2}, counts, voter.group, actors);
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
  const std::size_t q = low / stride_;
  const double* at_checkpoint = checkpoint_.data() + q * size_;
  double left = at_checkpoint[h] - at_checkpoint[g];
  for (std::size_t v = first_voter_[q * stride_]; v < first_voter_[low]; ++v) {
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
