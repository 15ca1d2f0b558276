#include "forecast/eum_fast.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace parley::forecast::detail {

namespace {

// y - x = (U_s - U_f)(beta - alpha) with 0 < U_s - U_f <= 4: below this gap y cannot exceed x by kEuTie.
constexpr double kNoGap = kEuTie / 8;
constexpr double kUnknown = std::numeric_limits<double>::quiet_NaN();

}  // namespace

void FastStepper::group(std::span<const double> positions) {
  const std::size_t n = positions.size();
  order_.resize(n);
  std::iota(order_.begin(), order_.end(), std::size_t{0});
  std::sort(order_.begin(), order_.end(), [&](std::size_t a, std::size_t b) {
    return positions[a] < positions[b] || (positions[a] == positions[b] && a < b);
  });
  positions_.clear();
  counts_.clear();
  begin_.clear();
  group_of_.resize(n);
  for (std::size_t k = 0; k < n; ++k) {
    const double x = positions[order_[k]];
    if (positions_.empty() || x != positions_.back()) {
      positions_.push_back(x);
      counts_.push_back(0);
      begin_.push_back(k);
    }
    counts_.back() += 1;
    group_of_[order_[k]] = positions_.size() - 1;
  }
  begin_.push_back(n);
}

// danger_a = sum over o != a of EU(o -> a) with every r = 1 (docs/models.md §3.1). Then the utilities are linear in
// the distance delta = |x_o - x_a| / D: U_s = 2 delta, U_f = -2 delta, U_sq = 0, so
//   EU(o -> a) = 2 delta (1 - 2 s_a) + 4 s_a P(o, a) delta,
//   danger_a   = 2 (1 - 2 s_a) sum_o delta + 4 s_a sum_o P(o, a) delta.
// Both sums depend on a's position only (actors at it add 0); the first is a prefix-sum expression, the second
// needs every pair of positions, with the votes from LinearVotes.
std::vector<double> FastStepper::dangers(const Model& model) {
  const std::size_t u = positions_.size();
  std::vector<double> weights(u, 0.0);
  for (std::size_t a = 0; a < model.size(); ++a) weights[group_of_[a]] += model.weight[a];
  linear_.prepare(positions_, counts_, weights, model.range);

  // sum_o delta for each position, from the prefix sums of counts and counts * (X - X_0)
  std::vector<double> distance(u, 0.0), count_before(u + 1, 0.0), offset_before(u + 1, 0.0);
  for (std::size_t t = 0; t < u; ++t) {
    count_before[t + 1] = count_before[t] + counts_[t];
    offset_before[t + 1] = offset_before[t] + counts_[t] * (positions_[t] - positions_[0]);
  }
  for (std::size_t g = 0; g < u; ++g) {
    const double y = positions_[g] - positions_[0];
    const double below = y * count_before[g] - offset_before[g];
    const double above = (offset_before[u] - offset_before[g + 1]) - y * (count_before[u] - count_before[g + 1]);
    distance[g] = (below + above) / model.range;
  }

  // sum_o P(o, a) delta. scholz divides every vote by all the votes, known only after the loop: collect the
  // votes and divide once.
  const bool scholz = model.variant == EumOptions::Variant::scholz;
  const double per_range = 1 / model.range;
  std::vector<double> challenged(u, 0.0);
  std::size_t row = 0;
  double sum = 0;  // challenged[row], kept out of memory while the row lasts
  linear_.for_each_pair(positions_, [&](std::size_t g, std::size_t h, double votes_gh, double votes_hg) {
    if (g != row) {
      challenged[row] += sum;
      sum = 0;
      row = g;
    }
    const PairProbability p =
        scholz ? PairProbability{votes_gh, votes_hg} : pair_probability(votes_gh, votes_hg, 0, model.variant);
    const double delta = (positions_[h] - positions_[g]) * per_range;
    sum += counts_[h] * p.ji * delta;            // the actors at h challenge g
    challenged[h] += counts_[g] * p.ij * delta;  // and those at g challenge h
  });
  if (u > 0) challenged[row] += sum;
  if (scholz) {
    const double all = linear_.all_votes();
    for (double& c : challenged) c = all > 0 ? c / all : 0;
  }

  std::vector<double> danger(model.size());
  for (std::size_t a = 0; a < danger.size(); ++a) {
    const double s = model.salience[a];
    danger[a] = 2 * (1 - 2 * s) * distance[group_of_[a]] + 4 * s * challenged[group_of_[a]];
  }
  return danger;
}

// The main round's votes: within each position, actors with the same exponent vote as one.
void FastStepper::build_votes(const Model& model, std::span<const double> risk, VoteTable::Keep keep) {
  voters_.clear();
  for (std::size_t g = 0; g + 1 < begin_.size(); ++g) {
    const auto first = order_.begin() + static_cast<std::ptrdiff_t>(begin_[g]);
    const auto last = order_.begin() + static_cast<std::ptrdiff_t>(begin_[g + 1]);
    std::sort(first, last,
              [&](std::size_t a, std::size_t b) { return risk[a] < risk[b] || (risk[a] == risk[b] && a < b); });
    for (auto it = first; it != last; ++it) {
      if (it == first || risk[*it] != voters_.back().exponent) voters_.push_back({g, 0.0, risk[*it]});
      voters_.back().weight += model.weight[*it];
    }
  }
  table_.build(positions_, counts_, voters_, model.range, keep,
               {model.threads, tuning_.rows_per_block, tuning_.checkpoint_bytes});
}

PairProbability FastStepper::probability(const Model& model, std::size_t g, std::size_t h) const {
  const auto [votes_gh, votes_hg] = table_.votes(g, h);
  return pair_probability(votes_gh, votes_hg, table_.all_votes(), model.variant);
}

Step FastStepper::step(const Model& model, std::span<const double> positions) {
  const std::size_t n = model.size();
  group(positions);
  Step out;
  out.risk = risk_exponents(dangers(model), model);

  receivers_.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    Receiver& rc = receivers_[i];
    rc.r = out.risk[i];
    rc.half = std::pow(0.5, rc.r);
    rc.c = (1 - model.q) / 2 + model.q * rc.half;
    rc.convex = rc.r >= 1;
    rc.bend = rc.r <= 2 ? rc.r * (rc.r - 1) / 2 : 0;  // t^r'' = r (r - 1) t^(r - 2) >= r (r - 1) on t <= 1
  }

  const std::size_t u = positions_.size();
  const bool may_keep_all = 4.0 * static_cast<double>(u) * static_cast<double>(u) <= tuning_.max_table_bytes;
  if (model.variant == EumOptions::Variant::bdm) {
    build_votes(model, out.risk, may_keep_all ? VoteTable::Keep::every_pair : VoteTable::Keep::checkpoints);
    Choice choice(n, model.variant);
    for (std::size_t g = 0; g < u; ++g) {
      for (std::size_t h = g + 1; h < u; ++h) pair_offers(model, g, h, choice);
    }
    out.moves = choice.moves();
  } else {
    // scholz looks up few pairs; should a round need many, it starts again keeping every pair (if it may).
    build_votes(model, out.risk, VoteTable::Keep::checkpoints);
    look_up_budget_ = !may_keep_all            ? std::numeric_limits<std::size_t>::max()
                      : tuning_.look_up_budget ? *tuning_.look_up_budget
                                               : u * u / 64 + 16 * u + 1024;
    for (;;) {
      // P(g, h) = votes / all votes <= max_t T_t / all votes (slightly widened for rounding).
      p_max_ = table_.all_votes() > 0 ? std::min(1.0, table_.max_total() / table_.all_votes() * (1 + 1e-9)) : 0.0;
      Choice choice(n, model.variant);
      std::size_t look_ups = 0;
      bool done = true;
      for (std::size_t i = 0; i < n && done; ++i) done = scan(model, i, choice, look_ups);
      if (done) {
        out.moves = choice.moves();
        break;
      }
      build_votes(model, out.risk, VoteTable::Keep::every_pair);
      look_up_budget_ = std::numeric_limits<std::size_t>::max();
    }
  }
  complete(model, out.moves);
  return out;
}

// scholz: i's offers, from the nearest positions outwards. A confrontation ranks before any compromise and a
// nearer one before a farther, so the scan ends at the first position beyond i's nearest confrontation. Each
// proposer is first judged on bounds that hold whatever P is (0 <= P <= p_max), without the votes or a power:
// never an offer to i, or a certain confrontation; only the rest needs P and, maybe, the powers. Returns false
// when the round's look-ups pass the budget.
bool FastStepper::scan(const Model& model, std::size_t i, Choice& choice, std::size_t& look_ups) const {
  const Receiver& rc = receivers_[i];
  const double s_i = model.salience[i], keep = 1 - p_max_;
  // Every proposer with an offer has beta > alpha >= least, so (alpha + beta) / 2 > least too.
  const double least = s_i * keep;
  if (rc.c <= rc.half && least >= (rc.convex ? 0.5 : rc.half)) return true;  // floor_of_f >= c at any distance
  const std::size_t g = group_of_[i], u = positions_.size();
  const double at = positions_[g];
  std::size_t left = g, right = g + 1;  // next candidates: left - 1 and right
  while (left > 0 || right < u) {
    const bool go_left = right == u || (left > 0 && at - positions_[left - 1] <= positions_[right] - at);
    const std::size_t h = go_left ? --left : right++;
    const double there = positions_[h];
    if (choice.confrontation_reach(i) < std::fabs(there - at)) return true;  // and so is every farther one
    const double delta = (go_left ? at - there : there - at) / model.range;
    // For r >= 1 the bound grows with the distance once it climbs: past this point nobody farther has an offer.
    if (rc.convex && floor_of_f(rc, least, delta) >= rc.c - kEuTie / 16 &&
        rc.r * rc.half * (2 * least - 1) + 2 * rc.bend * least * (1 - least) * delta >= 0) {
      return true;
    }
    bool have_p = false;
    PairProbability p;
    for (std::size_t l = begin_[h]; l < begin_[h + 1]; ++l) {
      const std::size_t j = order_[l];
      const double s_j = model.salience[j];
      if (s_j - least <= kNoGap) continue;                                                  // y never exceeds x
      if (floor_of_f(rc, (least + s_j * keep) / 2, delta) >= rc.c - kEuTie / 16) continue;  // x + y <= 0
      if (certain_confrontation(rc, s_j, s_j * keep - s_i, delta)) {  // at the largest beta, smallest gap
        choice.consider(i, j, at, there, {MoveKind::confrontation, kUnknown, kUnknown, there});
        continue;
      }
      if (choice.beats_confrontation(i, j, at, there)) continue;
      if (!have_p) {
        if (++look_ups > look_up_budget_) return false;
        p = go_left ? probability(model, h, g) : probability(model, g, h);
        if (go_left) std::swap(p.ij, p.ji);  // now p.ij = P(g, h) from g's side
        have_p = true;
      }
      offer(model, {i, j, g, h, p.ij, p.ji, s_i * (1 - p.ji), s_j * (1 - p.ij)}, choice);
    }
  }
  return true;
}

// bdm: every offer competes on the move it asks for, so nothing ends a scan early; all pairs, in table order.
void FastStepper::pair_offers(const Model& model, std::size_t g, std::size_t h, Choice& choice) const {
  const PairProbability p = probability(model, g, h);
  for (std::size_t k = begin_[g]; k < begin_[g + 1]; ++k) {
    const std::size_t i = order_[k];
    const double a = model.salience[i] * (1 - p.ji);
    for (std::size_t l = begin_[h]; l < begin_[h + 1]; ++l) {
      const std::size_t j = order_[l];
      const double b = model.salience[j] * (1 - p.ij);
      if (b - a > kNoGap) {
        offer(model, {i, j, g, h, p.ij, p.ji, a, b}, choice);
      } else if (a - b > kNoGap) {
        offer(model, {j, i, h, g, p.ji, p.ij, b, a}, choice);
      }
    }
  }
}

// With A = ((1 - delta) / 2)^r, B = ((1 + delta) / 2)^r, h = 0.5^r, c = (1 - Q) / 2 + Q h and
// F(t) = (1 - t) A + t B, the offer i gets from j has
//   x = 4 (c - F(beta)),  y = 4 (c - F(alpha)),  x + y = 8 (c - F((alpha + beta) / 2)),
//   y - x = 4 (B - A)(beta - alpha)
// (alpha = s_i (1 - P(j, i)), beta = s_j (1 - P(i, j))). Chords and tangents of t^r at 0, 1/2 and 1 bound A,
// B and F without computing a power, and decide most pairs.
//
// A lower bound of F(t). Convex (r >= 1): the tangent at 1/2 lies below t^r, and Jensen's gap is at least
// (min t^r'' / 2) t (1 - t) delta^2; concave (r < 1): the chords from 0 to 1/2 and from 1/2 to 1 lie below.
// F grows with t, so a lower t gives a lower bound too.
double FastStepper::floor_of_f(const Receiver& rc, double t, double delta) {
  return rc.convex ? rc.half * (1 + rc.r * (2 * t - 1) * delta) + rc.bend * t * (1 - t) * delta * delta
                   : rc.half + delta * (t - rc.half);
}

// Convex: A <= (1 - delta) h (chord), B >= h + r h delta (tangent), F(beta) <= h + delta (beta - h) (chords);
// concave: A <= h - r h delta, B >= h + delta (1 - h), F(beta) <= h + r h delta (2 beta - 1). When these put x
// and y - x above kEuTie with room for rounding, the offer is a confrontation. Both grow with beta and the first
// with the gap, so a lower gap and a higher beta keep the answer valid.
bool FastStepper::certain_confrontation(const Receiver& rc, double beta, double gap, double delta) {
  const double spread = rc.convex ? delta * rc.half * (1 + rc.r) : delta * (1 - rc.half + rc.r * rc.half);
  if (!(4 * spread * gap > 2 * kEuTie)) return false;
  const double f = rc.convex ? rc.half + delta * (beta - rc.half) : rc.half + delta * rc.r * rc.half * (2 * beta - 1);
  return 4 * (rc.c - f) > 2 * kEuTie;
}

// The offer i gets from j (docs/models.md §3.5), from the exact P: filtered like the scan, then evaluated. No offer
// when y cannot exceed x (y - x <= 4 (beta - alpha)), or when F's floor reaches c: both offers scholz makes
// need x + y > 0, every bdm offer needs y > 0.
void FastStepper::offer(const Model& model, const Direction& d, Choice& choice) const {
  const Receiver& rc = receivers_[d.i];
  if (d.beta - d.alpha <= kNoGap) return;
  const double pos_i = positions_[d.gi], pos_j = positions_[d.gj];
  const double delta = std::fabs(pos_j - pos_i) / model.range;
  const double t = model.variant == EumOptions::Variant::scholz ? (d.alpha + d.beta) / 2 : d.alpha;
  if (floor_of_f(rc, t, delta) >= rc.c - kEuTie / 16) return;
  if (certain_confrontation(rc, d.beta, d.beta - d.alpha, delta)) {
    choice.consider(d.i, d.j, pos_i, pos_j, {MoveKind::confrontation, kUnknown, kUnknown, pos_j});
    return;
  }
  const Utilities u = utilities(delta, rc.r, rc.half);
  const double x = expected_utility(model.salience[d.j], d.p_ij, u, model.q);
  const double y = expected_utility(model.salience[d.i], d.p_ji, u, model.q);
  if (const auto c = classify(x, y, pos_i, pos_j, model.variant)) choice.consider(d.i, d.j, pos_i, pos_j, *c);
}

// x and y of the confrontations taken on their bounds, computed as an exact evaluation would.
void FastStepper::complete(const Model& model, std::vector<Move>& moves) const {
  for (Move& m : moves) {
    if (!std::isnan(m.eu_ij)) continue;
    const std::size_t gi = group_of_[m.actor], gj = group_of_[m.towards];
    const std::size_t lo = std::min(gi, gj), hi = std::max(gi, gj);
    const PairProbability p = probability(model, lo, hi);
    const double p_ij = gi < gj ? p.ij : p.ji, p_ji = gi < gj ? p.ji : p.ij;
    const Receiver& rc = receivers_[m.actor];
    const Utilities u = utilities((positions_[hi] - positions_[lo]) / model.range, rc.r, rc.half);
    m.eu_ij = expected_utility(model.salience[m.towards], p_ij, u, model.q);
    m.eu_ji = expected_utility(model.salience[m.actor], p_ji, u, model.q);
  }
}

}  // namespace parley::forecast::detail
