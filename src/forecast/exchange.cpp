#include "forecast/exchange.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include "core/random.hpp"
#include "core/text.hpp"
#include "core/work.hpp"
#include "parley/error.hpp"

// The step numbers in the comments are docs/models.md §10's. Names follow Decide's code where it helps to read
// the two side by side: in an exchange between sides i and j on issues (p, q), i supplies q (moves on it) and
// demands p, j supplies p and demands q; x is a side's position on its supply issue, y its voting position there.

namespace parley::forecast {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Decide's thresholds: a move of 1e-10 or less, or a gain below 1e-10, is no move or gain at all.
constexpr double kNoMove = 1e-10;
// An outcome this close to a position (on the [0, 100] scale) is at it.
constexpr double kAtTarget = 1e-9;
// A difference within kAtTarget read as none.
double snapped(double d) {
  return std::fabs(d) <= kAtTarget ? 0.0 : d;
}
// Gains are compared in units of kTie: gains in the same unit are ties, broken by the order in which the exchanges
// were formed (Decide: its 28-digit decimals' rounding, or a coin with ALLOW_RANDOM; docs/models.md §10.3).
constexpr double kTie = 1e-12;

std::int64_t gain_key(double gain) {
  return std::llround(std::min(gain, 1e6) / kTie);
}

// Positions of other actors on an issue that an exchange has learnt of from exchanges made before it this
// round (Decide's `updates`).
struct Update {
  std::uint16_t issue;
  std::uint32_t actor;
  double x;
};

struct Side {
  std::uint32_t actor = 0;
  std::uint16_t supply = 0, demand = 0;
  double x = 0;  // supply position now (moved by earlier exchanges of this actor on this issue this round)
  double y = 0, move = 0;
  double eu = 0;  // this side's gain
  // The moves computed before `move` (Decide keeps a list; only its sum and signs matter).
  double hist_sum = 0;
  bool hist_nonneg = false, hist_nonpos = false;

  void absorb() {  // the current move becomes history, a new one follows
    hist_sum += move;
    hist_nonneg = hist_nonneg || move >= 0;
    hist_nonpos = hist_nonpos || move <= 0;
  }
};

// What one computation of an exchange needs besides the exchange: the outcomes on each side's supply issue
// before and after its move, and what each side could gain at most (randomized Equal Gain).
struct Scratch {
  double nbs_0 = 0, nbs_1 = 0, eu_max = 0;
};

struct Exchange {
  Side i, j;
  double gain = 0;
  std::uint32_t updates = 0;  // 1 + index into Round::updates_, 0: none
  bool valid = true, done = false;
};

// The possible exchanges by gain (in units of kTie), highest first, ties to the lowest id: a binary heap that knows
// where each exchange sits, so that an exchange computed again moves in place (no stale entries, memory O(n)).
class GainHeap {
 public:
  explicit GainHeap(std::size_t n) : key_(n, 0), at_(n, kOut) {}

  [[nodiscard]] bool empty() const { return heap_.empty(); }
  [[nodiscard]] std::uint32_t top() const { return heap_.front(); }

  void set(std::uint32_t id, std::int64_t key) {
    key_[id] = key;
    if (at_[id] == kOut) {
      at_[id] = static_cast<std::uint32_t>(heap_.size());
      heap_.push_back(id);
      up(at_[id]);
    } else {
      up(at_[id]);
      down(at_[id]);
    }
  }

  void remove(std::uint32_t id) {
    const std::uint32_t k = at_[id];
    if (k == kOut) return;
    const std::uint32_t last = heap_.back();
    heap_.pop_back();
    at_[id] = kOut;
    if (last == id) return;
    heap_[k] = last;
    at_[last] = k;
    up(k);
    down(at_[last]);
  }

 private:
  static constexpr std::uint32_t kOut = 0xFFFFFFFFU;

  [[nodiscard]] bool before(std::uint32_t a, std::uint32_t b) const {
    return key_[a] > key_[b] || (key_[a] == key_[b] && a < b);
  }
  void place(std::uint32_t k, std::uint32_t id) {
    heap_[k] = id;
    at_[id] = k;
  }
  void up(std::uint32_t k) {
    const std::uint32_t id = heap_[k];
    while (k > 0) {
      const std::uint32_t parent = (k - 1) / 2;
      if (!before(id, heap_[parent])) break;
      place(k, heap_[parent]);
      k = parent;
    }
    place(k, id);
  }
  void down(std::uint32_t k) {
    const std::uint32_t id = heap_[k];
    const auto n = static_cast<std::uint32_t>(heap_.size());
    while (true) {
      std::uint32_t child = 2 * k + 1;
      if (child >= n) break;
      if (child + 1 < n && before(heap_[child + 1], heap_[child])) ++child;
      if (!before(heap_[child], id)) break;
      place(k, heap_[child]);
      k = child;
    }
    place(k, id);
  }

  std::vector<std::int64_t> key_;
  std::vector<std::uint32_t> at_;
  std::vector<std::uint32_t> heap_;
};

class Round {
 public:
  Round(const ExchangeInput& in, const ExchangeOptions& options, std::vector<double>& pos, core::Stream& rng)
      : in_(in), options_(options), pos_(pos), rng_(rng) {}

  ExchangeRound run(core::Work* work);

 private:
  [[nodiscard]] double s(std::size_t a, std::size_t k) const { return in_.at(k, a).s; }
  [[nodiscard]] double c(std::size_t a, std::size_t k) const { return in_.at(k, a).c; }
  [[nodiscard]] double cs(std::size_t a, std::size_t k) const { return c(a, k) * s(a, k); }
  // Positions at the round's start: they change only between rounds.
  [[nodiscard]] double x0(std::size_t a, std::size_t k) const { return pos_[k * in_.actors + a]; }
  [[nodiscard]] double start(const Side& side) const { return x0(side.actor, side.supply); }
  [[nodiscard]] double demand_x(const Side& side) const { return x0(side.actor, side.demand); }
  [[nodiscard]] std::vector<Update>* updates(const Exchange& e) {
    return e.updates == 0 ? nullptr : &updates_[e.updates - 1];
  }
  [[nodiscard]] const std::vector<Update>* updates(const Exchange& e) const {
    return e.updates == 0 ? nullptr : &updates_[e.updates - 1];
  }

  void form(std::uint32_t a, std::uint32_t b, std::uint16_t p, std::uint16_t q);
  void calculate(Exchange& e);
  void check_nbs(Exchange& e, Side& a, Scratch& sa, Side& b);
  void maximum_utility(const Exchange& e, Scratch& si, Scratch& sj);
  void randomized_gain(Exchange& e, Side& a, Scratch& sa, Side& b, double v, double z);
  bool recalculate(Exchange& e, const Exchange& x);
  [[nodiscard]] static bool move_valid(const Side& side);
  [[nodiscard]] double adjust_nbs(const Exchange& e, const Side& a, double position) const;
  [[nodiscard]] double position_for(const Exchange& e, const Side& a, double target) const;
  [[nodiscard]] double outcome(std::size_t k) const;

  const ExchangeInput& in_;
  const ExchangeOptions& options_;
  std::vector<double>& pos_;
  core::Stream& rng_;
  std::vector<double> denominator_, numerator_;
  std::vector<Exchange> ex_;
  std::vector<std::vector<Update>> updates_;
};

double Round::outcome(std::size_t k) const {
  double num = 0;
  for (std::size_t a = 0; a < in_.actors; ++a)
    if (in_.at(k, a).present) num += cs(a, k) * x0(a, k);
  return denominator_[k] == 0 ? 0 : num / denominator_[k];
}

// The outcome on a's supply issue with the positions this exchange knows of, a standing at `position`
// (Decide's adjusted_nbs: the updates first, then a's own position over them).
double Round::adjust_nbs(const Exchange& e, const Side& a, double position) const {
  const std::size_t k = a.supply;
  double num = numerator_[k];
  if (const auto* list = updates(e)) {
    for (const Update& u : *list)
      if (u.issue == k && u.actor != a.actor) num += cs(u.actor, k) * (u.x - x0(u.actor, k));
  }
  num += cs(a.actor, k) * (position - x0(a.actor, k));
  return num / denominator_[k];
}

// How far a must move from where it stands so that the outcome on its supply issue reaches `target`
// (Decide's adjusted_nbs_by_position, where the updates are applied after a's own position: an update of a's
// own position there wins).
double Round::position_for(const Exchange& e, const Side& a, double target) const {
  const std::size_t k = a.supply;
  double own = a.x;
  double num = numerator_[k];
  if (const auto* list = updates(e)) {
    for (const Update& u : *list) {
      if (u.issue != k) continue;
      if (u.actor == a.actor) {
        own = u.x;
      } else {
        num += cs(u.actor, k) * (u.x - x0(u.actor, k));
      }
    }
  }
  num += cs(a.actor, k) * (own - x0(a.actor, k));
  return (target * denominator_[k] - num) / cs(a.actor, k);
}

// Decide's is_move_valid: a move of more than 1e-10 and at most 100, that stays on [0, 100], whose moves this
// round sum to at most 100 and never change direction. The ends are read to kAtTarget: a move that lands on an end
// exactly in Decide's decimals can pass it by a unit in the last place of a double.
bool Round::move_valid(const Side& side) {
  const double move = side.move;
  if (std::fabs(move) > 100 + kAtTarget || std::fabs(move) <= kNoMove) return false;
  if (side.x + move < -kAtTarget || side.x + move > 100 + kAtTarget) return false;
  if (side.hist_sum + move > 100 + kAtTarget) return false;
  return (move < 0 && !side.hist_nonneg) || (move > 0 && !side.hist_nonpos);
}

// Step 2: who supplies which issue. Of actors a and b on issues (p, q), the one whose salience ratio s_p / s_q is
// the smaller moves on p.
void Round::form(std::uint32_t a, std::uint32_t b, std::uint16_t p, std::uint16_t q) {
  Exchange e;
  const bool swap = s(a, p) / s(a, q) < s(b, p) / s(b, q);
  e.i.actor = swap ? b : a;
  e.i.supply = q;
  e.i.demand = p;
  e.j.actor = swap ? a : b;
  e.j.supply = p;
  e.j.demand = q;
  e.i.x = start(e.i);
  e.j.x = start(e.j);
  calculate(e);
  ex_.push_back(e);
}

// Step 3: the exchange's moves and gain. Side j would move all the way to i's position on p; if what equal gains
// then ask of i overshoots j's position on q, i is held to it and j moves what equal gains allow.
void Round::calculate(Exchange& e) {
  Side& i = e.i;
  Side& j = e.j;
  const std::size_t p = j.supply, q = i.supply;
  const double xip = demand_x(i), xjq = demand_x(j);
  double dp = std::fabs(xip - j.x) * s(j.actor, p) * c(j.actor, p) / denominator_[p];
  double dq = (s(j.actor, p) + s(i.actor, p)) / (s(j.actor, q) + s(i.actor, q)) * dp;
  i.move = dq * denominator_[q] / (c(i.actor, q) * s(i.actor, q));
  j.move = std::fabs(xip - j.x);
  if (std::fabs(i.move) > std::fabs(xjq - i.x)) {
    dq = std::fabs(xjq - i.x) * s(i.actor, q) * c(i.actor, q) / denominator_[q];
    dp = (s(i.actor, q) + s(j.actor, q)) / (s(i.actor, p) + s(j.actor, p)) * dq;
    i.move = std::fabs(xjq - i.x);
    j.move = dp * denominator_[p] / (c(j.actor, p) * s(j.actor, p));
  }
  if (i.x > xjq) i.move = -i.move;
  if (j.x > xip) j.move = -j.move;
  i.y = i.x + i.move;
  j.y = j.x + j.move;
  e.gain = std::fabs(dq * s(i.actor, q) - dp * s(i.actor, p));
  i.eu = j.eu = e.gain;
  e.valid = move_valid(i) && move_valid(j) && e.gain >= kNoMove;
  if (!e.valid) return;
  Scratch si, sj;
  check_nbs(e, i, si, j);
  check_nbs(e, j, sj, i);
  e.valid = move_valid(i) && move_valid(j);
  if (options_.p > 0) {
    // Decide draws u, v and z for every exchange it computes, valid or not after step 3b.
    const double u = rng_.uniform(), v = rng_.uniform(), z = rng_.uniform();
    maximum_utility(e, si, sj);
    if (u < 0.5) {
      randomized_gain(e, i, si, j, v, z);
    } else {
      randomized_gain(e, j, sj, i, v, z);
    }
  }
}

// Step 3b: a side's move may not carry the outcome on its supply issue past the other side's position there (the
// other would lose by it); if it would, it moves only as far as brings the outcome to that position, and the
// other's move is scaled to equal gains again.
void Round::check_nbs(Exchange& e, Side& a, Scratch& sa, Side& b) {
  sa.nbs_0 = adjust_nbs(e, a, a.x);
  sa.nbs_1 = adjust_nbs(e, a, a.y);
  const double xb = demand_x(b);
  // Differences within kAtTarget are read as none: exact arithmetic, where an outcome already at b's position
  // passes the test. Decide's 28-digit decimals round such an outcome to either side of the position; on its
  // climate data they agree with exact arithmetic in 77 of 83 such cases (docs/models.md §10.3).
  const double d0 = snapped(xb - sa.nbs_0), d1 = snapped(xb - sa.nbs_1);
  if ((d0 >= 0 && d1 >= 0) || (d0 <= 0 && d1 <= 0)) return;
  const double delta = std::fabs(position_for(e, a, xb));
  const double da = delta * s(a.actor, a.supply) * c(a.actor, a.supply) / denominator_[a.supply];
  const double db = (s(a.actor, a.supply) + s(b.actor, a.supply)) / (s(a.actor, a.demand) + s(b.actor, a.demand)) * da;
  b.move = std::fabs(db * denominator_[b.supply] / (c(b.actor, b.supply) * s(b.actor, b.supply)));
  a.move = delta;
  if (b.x > demand_x(a)) b.move = -b.move;
  if (a.x > xb) a.move = -a.move;
  b.y = b.x + b.move;
  a.y = a.x + a.move;
  e.gain = std::fabs(db * s(b.actor, b.supply) - da * s(b.actor, b.demand));
  a.eu = b.eu = e.gain;
  sa.nbs_1 = adjust_nbs(e, a, a.y);
}

// Step 4 (randomized Equal Gain): the most each side could gain (Decide's calculate_maximum_utility, followed as
// written, its exact equality tests included).
void Round::maximum_utility(const Exchange& e, Scratch& si, Scratch& sj) {
  const Side& i = e.i;
  const Side& j = e.j;
  const bool i_po = demand_x(i) == i.y;
  const bool j_po = demand_x(j) == j.y;
  const double nsi = adjust_nbs(e, i, i_po ? i.y : demand_x(j));
  const double nsj = adjust_nbs(e, j, j_po ? j.y : demand_x(i));
  const double di = std::fabs(si.nbs_0 - nsi), dj = std::fabs(sj.nbs_0 - nsj);
  const double loss1 = dj * s(j.actor, j.supply), gain2 = dj * s(i.actor, i.demand);
  const double loss2 = di * s(i.actor, i.supply), gain1 = di * s(j.actor, j.demand);
  double overwrite = 0;
  if (i_po && gain1 - loss1 > 0) overwrite = gain2 - (loss1 / s(j.actor, j.demand)) * s(i.actor, i.supply);
  if (j_po && gain2 - loss2 > 0) overwrite = gain1 - (loss2 / s(i.actor, i.demand)) * s(j.actor, j.supply);
  const bool j_first = gain2 > gain1;
  const Side& a = j_first ? j : i;
  const Side& b = j_first ? i : j;
  Scratch& a_scratch = j_first ? sj : si;
  Scratch& b_scratch = j_first ? si : sj;
  const double gain = j_first ? gain1 : gain2;
  const double loss = j_first ? loss2 : loss1;
  const double s_a = s(a.actor, a.supply), s_b = s(b.actor, b.demand);
  const double share = s_a / (s_a + s_b);
  b_scratch.eu_max = overwrite != 0 ? overwrite : share * s_b * (gain / (share * s_a)) - loss;
  a_scratch.eu_max = gain - share * s_a * (loss / (share * s_b));
}

// Step 4: side a's gain is drawn. With v < 1/2 it wins p z of what it could gain beyond the equal gain, else it
// loses p z of the equal gain; the moves follow from a's gain.
void Round::randomized_gain(Exchange& e, Side& a, Scratch& sa, Side& b, double v, double z) {
  const double p = options_.p;
  const double eu = e.gain;
  const double eua = v < 0.5 ? eu + p * z * (sa.eu_max - eu) : eu - p * z * eu;
  const std::size_t ka = a.supply, kb = b.supply;
  const double xa_target = demand_x(b), xb_target = demand_x(a);
  double move_a = std::fabs(a.x - xa_target);
  double ra = move_a * s(a.actor, ka) * c(a.actor, ka) / denominator_[ka];
  double rb = (eua + ra * s(a.actor, ka)) / s(a.actor, a.demand);
  double move_b = rb * denominator_[kb] / (c(b.actor, kb) * s(b.actor, kb));
  double eub = std::fabs(rb * s(b.actor, kb) - ra * s(b.actor, b.demand));
  const double room_b = std::fabs(b.x - xb_target);
  if (std::fabs(move_b) > room_b) {
    rb = room_b * s(b.actor, kb) * c(b.actor, kb) / denominator_[kb];
    ra = std::fabs((eua - rb * s(a.actor, a.demand)) / s(a.actor, ka));
    move_b = room_b;
    move_a = ra * denominator_[ka] / (c(a.actor, ka) * s(a.actor, ka));
    // Decide then tests whether b's move carries the outcome past a's position, after setting the outcome before
    // the move to the one after it: the test always passes, so nothing more happens here.
    if (std::fabs(move_a) < std::fabs(a.x - xa_target))
      eub = std::fabs(rb * s(b.actor, kb) - ra * s(b.actor, b.demand));
  } else {
    const double signed_a = a.x > xa_target ? -move_a : move_a;
    const double nbs_adjusted = adjust_nbs(e, a, a.x + signed_a);
    // Read in exact arithmetic, as in check_nbs.
    const double d0 = snapped(xa_target - sa.nbs_0), d1 = snapped(xa_target - nbs_adjusted);
    if (!((d0 >= 0 && d1 >= 0) || (d0 <= 0 && d1 <= 0))) {
      const double delta = std::fabs(position_for(e, a, xa_target));
      ra = delta * s(a.actor, ka) * c(a.actor, ka) / denominator_[ka];
      rb = (eua + ra * s(a.actor, ka)) / s(a.actor, a.demand);
      move_b = rb * denominator_[kb] / (c(b.actor, kb) * s(b.actor, kb));
      eub = std::fabs(rb * s(b.actor, kb) - ra * s(b.actor, b.demand));
      // Decide keeps the signed move here, which the sign rule below turns once more (docs/models.md §10.4).
      move_a = signed_a;
    }
  }
  a.eu = eua;
  b.eu = eub;
  a.move = a.x > xa_target ? -move_a : move_a;
  b.move = b.x > xb_target ? -move_b : move_b;
  a.y = a.x + a.move;
  b.y = b.x + b.move;
  e.valid = move_valid(a) && move_valid(b);
}

// Step 5: exchange x was made; exchange e learns of it when one of its sides has the actor and supply issue of a
// side of x (it now starts where x left it), or the actor and demand issue of a side of x (the other side of x
// moved on that issue: e records where to), and is then computed again (Decide's recalculate).
bool Round::recalculate(Exchange& e, const Exchange& x) {
  bool absorb_i = false, absorb_j = false;
  for (const Side* xs : {&x.i, &x.j}) {
    if (!absorb_i && e.i.actor == xs->actor && e.i.supply == xs->supply) {
      e.i.x = xs->y;
      absorb_i = true;
    }
    if (!absorb_j && e.j.actor == xs->actor && e.j.supply == xs->supply) {
      e.j.x = xs->y;
      absorb_j = true;
    }
  }
  bool again = absorb_i || absorb_j;
  const auto learn = [&](const Side& mover, const Side& demander) {
    if (!((demander.actor == e.j.actor && demander.demand == e.j.demand) ||
          (demander.actor == e.i.actor && demander.demand == e.i.demand)))
      return;
    const std::uint16_t k = demander.demand;
    if (e.updates == 0) {
      updates_.emplace_back();
      e.updates = static_cast<std::uint32_t>(updates_.size());
    }
    auto& list = updates_[e.updates - 1];
    const auto it =
        std::find_if(list.begin(), list.end(), [&](const Update& u) { return u.issue == k && u.actor == mover.actor; });
    if (it == list.end()) {
      list.push_back({k, mover.actor, mover.y});
    } else if (start(mover) <= it->x) {
      // Of the recorded position and the new one, the nearer the mover's start (Decide's update_updates).
      it->x = std::min(it->x, mover.y);
    } else {
      it->x = std::max(it->x, mover.y);
    }
    again = true;
  };
  learn(x.i, x.j);
  learn(x.j, x.i);
  if (!again) return false;
  // A side that starts where x left it keeps its earlier move in its history; the other side's move is replaced.
  if (absorb_i) e.i.absorb();
  if (absorb_j) e.j.absorb();
  calculate(e);
  return true;
}

ExchangeRound Round::run(core::Work* work) {
  const std::size_t n = in_.actors, m = in_.issues;
  ExchangeRound out;
  out.start = pos_;
  denominator_.assign(m, 0);
  numerator_.assign(m, 0);
  for (std::size_t k = 0; k < m; ++k) {
    for (std::size_t a = 0; a < n; ++a) {
      if (!in_.at(k, a).present) continue;
      denominator_[k] += cs(a, k);
      numerator_[k] += cs(a, k) * x0(a, k);
    }
  }
  out.start_outcome.resize(m);
  for (std::size_t k = 0; k < m; ++k) out.start_outcome[k] = outcome(k);
  // Step 1: on each issue an actor is left of the outcome (at it or below) or right of it. On a pair of issues
  // those right on both can trade with those left on both, those left on the first only with those left on the
  // second only.
  std::vector<unsigned> group(n * m, 0);
  for (std::size_t k = 0; k < m; ++k)
    for (std::size_t a = 0; a < n; ++a)
      if (in_.at(k, a).present) group[k * n + a] = x0(a, k) <= out.start_outcome[k] ? 1U : 0U;
  const auto group_of = [&](std::size_t a, std::size_t p, std::size_t q) {
    return group[p * n + a] | (group[q * n + a] << 1U);
  };
  std::size_t candidates = 0;
  for (std::size_t p = 0; p < m; ++p) {
    for (std::size_t q = p + 1; q < m; ++q) {
      std::size_t size[4] = {0, 0, 0, 0};
      for (std::size_t a = 0; a < n; ++a)
        if (in_.at(p, a).present && in_.at(q, a).present) ++size[group_of(a, p, q)];
      candidates += size[0] * size[3] + size[1] * size[2];
    }
  }
  out.candidates = candidates;
  if (candidates > options_.max_candidates) {
    throw LimitError("the exchange model would weigh " + core::format_number(static_cast<double>(candidates)) +
                     " candidate exchanges in a round (about " +
                     core::format_number(std::ceil(static_cast<double>(candidates) * 170 / 1e9)) +
                     " GB); it weighs at most " + core::format_number(static_cast<double>(options_.max_candidates)) +
                     ": give fewer actors or issues");
  }
  ex_.reserve(candidates);
  for (std::size_t p = 0; p < m; ++p) {
    for (std::size_t q = p + 1; q < m; ++q) {
      std::vector<std::uint32_t> members[4];
      for (std::size_t a = 0; a < n; ++a)
        if (in_.at(p, a).present && in_.at(q, a).present)
          members[group_of(a, p, q)].push_back(static_cast<std::uint32_t>(a));
      const auto kp = static_cast<std::uint16_t>(p), kq = static_cast<std::uint16_t>(q);
      for (const auto a : members[0])
        for (const auto b : members[3]) form(a, b, kp, kq);
      for (const auto a : members[1])
        for (const auto b : members[2]) form(a, b, kp, kq);
      if (work != nullptr) work->check();
    }
  }
  // The exchanges in which an actor supplies an issue, and those in which it demands one: an exchange made affects
  // those with a side of its actor and supply issue, or of its actor and demand issue (step 5).
  std::vector<std::vector<std::uint32_t>> supplies(n * m), demands(n * m);
  for (std::uint32_t id = 0; id < ex_.size(); ++id) {
    const Exchange& e = ex_[id];
    if (!e.valid) continue;
    for (const Side* side : {&e.i, &e.j}) {
      supplies[side->supply * n + side->actor].push_back(id);
      demands[side->demand * n + side->actor].push_back(id);
    }
  }
  // Step 5: the exchange with the highest gain is made first, ties going to the one formed first; the others it
  // affects are computed again, and those no longer possible dropped.
  GainHeap heap(ex_.size());
  for (std::uint32_t id = 0; id < ex_.size(); ++id)
    if (ex_[id].valid) heap.set(id, gain_key(ex_[id].gain));
  std::vector<std::uint32_t> affected;
  while (!heap.empty()) {
    const std::uint32_t id = heap.top();
    heap.remove(id);
    Exchange& x = ex_[id];
    x.done = true;
    ExchangeMade made;
    for (auto [side, to] : {std::pair{&x.i, &made.i}, std::pair{&x.j, &made.j}}) {
      to->actor = side->actor;
      to->supply = side->supply;
      to->demand = side->demand;
      to->from = side->x;
      to->to = side->y;
      to->gain = side->eu;
    }
    made.gain = x.gain;
    out.exchanges.push_back(made);
    affected.clear();
    for (const Side* side : {&x.i, &x.j}) {
      for (auto* list : {&supplies[side->supply * n + side->actor], &demands[side->demand * n + side->actor]}) {
        // Exchanges no longer possible leave the lists as they are met.
        std::erase_if(*list, [&](std::uint32_t other) { return !ex_[other].valid || ex_[other].done; });
        for (const auto other : *list)
          if (other != id) affected.push_back(other);
      }
    }
    std::sort(affected.begin(), affected.end());
    affected.erase(std::unique(affected.begin(), affected.end()), affected.end());
    for (const auto other : affected) {
      Exchange& e = ex_[other];
      if (!recalculate(e, x)) continue;
      if (e.valid) {
        heap.set(other, gain_key(e.gain));
      } else {
        heap.remove(other);
      }
    }
    if (work != nullptr) work->check();
  }
  // Step 6: the voting positions, and the outcome on them.
  for (const auto& made : out.exchanges) {
    for (const ExchangeSide* side : {&made.i, &made.j}) pos_[side->supply * n + side->actor] = side->to;
  }
  out.voting = pos_;
  out.outcome.resize(m);
  for (std::size_t k = 0; k < m; ++k) out.outcome[k] = outcome(k);
  // Step 7: each actor that exchanged starts the next round part of the way from where it started this one to
  // its voting position: fixed + salience_weight x (1 - salience) of the way.
  for (const auto& made : out.exchanges) {
    for (const ExchangeSide* side : {&made.i, &made.j}) {
      const double sal = s(side->actor, side->supply);
      const double from = out.start[side->supply * n + side->actor];
      const double y = side->to;
      pos_[side->supply * n + side->actor] = (1 - sal) * options_.salience_weight * y + options_.fixed_weight * y +
                                             (1 - (1 - sal) * options_.salience_weight - options_.fixed_weight) * from;
    }
  }
  return out;
}

}  // namespace

double ExchangeModel::on_scale(const Scenario& s, std::size_t model_issue, double x) const {
  const Issue& issue = s.issues[issues[model_issue]];
  if (issue.discrete) return issue.options.size() < 2 ? 0.0 : x / 100 * static_cast<double>(issue.options.size() - 1);
  return issue.min + x / 100 * issue.range();
}

ExchangeModel exchange_model(const Scenario& s, const std::vector<std::size_t>& issues) {
  ExchangeModel m;
  const auto normalised = [&](const Issue& issue, double x) {
    if (issue.discrete) return issue.options.size() < 2 ? 0.0 : 100 * x / static_cast<double>(issue.options.size() - 1);
    return issue.range() > 0 ? 100 * (x - issue.min) / issue.range() : 0.0;
  };
  const auto weighs = [&](std::size_t a, std::size_t k) {
    const Stance* st = s.actors[a].stance_on(k);
    return st != nullptr && !st->flat() && s.actors[a].capability.central() * st->salience.central() > 0;
  };
  for (const std::size_t k : issues) {
    if (s.issues[k].nominal()) continue;
    for (std::size_t a = 0; a < s.actors.size(); ++a) {
      if (!weighs(a, k)) continue;
      m.issues.push_back(k);
      break;
    }
  }
  for (std::size_t a = 0; a < s.actors.size(); ++a) {
    if (std::any_of(m.issues.begin(), m.issues.end(), [&](std::size_t k) { return weighs(a, k); }))
      m.actors.push_back(a);
  }
  m.input.actors = m.actors.size();
  m.input.issues = m.issues.size();
  m.input.cells.resize(m.input.actors * m.input.issues);
  for (std::size_t k = 0; k < m.issues.size(); ++k) {
    const Issue& issue = s.issues[m.issues[k]];
    for (std::size_t a = 0; a < m.actors.size(); ++a) {
      if (!weighs(m.actors[a], m.issues[k])) continue;
      const Actor& actor = s.actors[m.actors[a]];
      const Stance* st = actor.stance_on(m.issues[k]);
      auto& cell = m.input.cells[k * m.input.actors + a];
      cell.present = true;
      cell.x = std::clamp(normalised(issue, st->position.central()), 0.0, 100.0);
      cell.s = st->salience.central() / 100;
      cell.c = actor.capability.central();
    }
  }
  return m;
}

ExchangeResult run_exchange(const ExchangeInput& in, const ExchangeOptions& options, core::Work* work) {
  ExchangeResult out;
  std::vector<double> pos(in.cells.size(), kNaN);
  for (std::size_t idx = 0; idx < in.cells.size(); ++idx)
    if (in.cells[idx].present) pos[idx] = in.cells[idx].x;
  core::Stream rng(options.seed, 0, core::name_hash("exchange"));
  if (work != nullptr) work->phase("rounds", static_cast<std::size_t>(options.rounds));
  for (int r = 0; r < options.rounds; ++r) {
    Round round(in, options, pos, rng);
    out.rounds.push_back(round.run(work));
    if (work != nullptr) work->step();
    // Without draws a round with no exchange repeats itself; with draws the next round may trade again.
    if (options.p == 0 && out.rounds.back().exchanges.empty()) {
      out.converged = true;
      break;
    }
  }
  return out;
}

}  // namespace parley::forecast
