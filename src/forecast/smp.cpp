#include "forecast/smp.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "core/parallel.hpp"
#include "parley/error.hpp"

namespace parley::forecast {

namespace {

// KTAB's constants (docs/design/smp.md gives the file each comes from).
constexpr double kSamePosition = 1e-3;   // positions closer than this (Euclidean, 0..1) are one position
constexpr double kMinCoalition = 1e-8;   // every coalition's floor in a PCE, so that P is never 0/0
constexpr double kMinChallenge = 1e-10;  // the principals' coalition floor in a challenge
constexpr double kMinGain = 1e-5;        // a challenge must gain more than this
constexpr double kMinWeight = 1e-6;      // the initiator's extra weight in a bargain, against 0/0
constexpr double kMinMovement = 1e-4;    // added to turn 1's movement in the stop rule
constexpr double kRound = 1e4;           // bargains are rounded to 4 decimals

using Matrix = std::vector<std::vector<double>>;

Matrix square(std::size_t n, double value = 0) {
  return Matrix(n, std::vector<double>(n, value));
}

void require(bool ok, const std::string& what) {
  if (!ok) {
    throw UsageError("spatial model: " + what);
  }
}

void validate(const SmpInput& in, const SmpOptions& options) {
  const std::size_t n = in.ids.size();
  require(n > 0, "needs at least one actor");
  require(in.capability.size() == n && in.position.size() == n && in.salience.size() == n,
          "ids, capabilities, positions and saliences differ in number");
  const std::size_t dims = in.position[0].size();
  require(dims > 0, "needs at least one issue");
  for (std::size_t i = 0; i < n; ++i) {
    const std::string who = "actor " + in.ids[i];
    require(std::isfinite(in.capability[i]) && in.capability[i] >= 0, who + " needs a capability >= 0");
    require(in.position[i].size() == dims && in.salience[i].size() == dims,
            who + " needs a position and a salience on every issue");
    double total = 0;
    for (std::size_t k = 0; k < dims; ++k) {
      const double p = in.position[i][k], s = in.salience[i][k];
      require(std::isfinite(p) && p >= 0 && p <= 1, who + " needs positions in [0, 1]");
      require(std::isfinite(s) && s >= 0 && s <= 1, who + " needs saliences in [0, 1]");
      total += s;
    }
    require(total <= 1 + 1e-9, who + " has saliences that add up to more than 1");
  }
  require(options.max_turns >= 0, "the number of turns must be >= 0");
  require(options.min_turns >= 1, "the movement rule needs min_turns >= 1");
  require(std::isfinite(options.min_delta_ratio), "the movement ratio must be a finite number");
}

// The salience-weighted distance seen by an actor with saliences `s` between a and b; 0 when the actor
// cares about nothing (KTAB asserts instead).
double distance(const std::vector<double>& s, const std::vector<double>& a, const std::vector<double>& b) {
  double num = 0, den = 0;
  for (std::size_t k = 0; k < s.size(); ++k) {
    const double ds = s[k] * (a[k] - b[k]);
    num += ds * ds;
    den += s[k] * s[k];
  }
  return den > 0 ? std::sqrt(num / den) : 0.0;
}

// u(d, R) = (1 - d)(1 + d R); beyond d = 1 (round-off only) KTAB uses (1 - d)(1 + R).
double utility(double d, double r) {
  return d <= 1 ? (1 - d) * (1 + d * r) : (1 - d) * (1 + r);
}

double euclid(const std::vector<double>& a, const std::vector<double>& b) {
  double sum = 0;
  for (std::size_t k = 0; k < a.size(); ++k) {
    sum += (a[k] - b[k]) * (a[k] - b[k]);
  }
  return std::sqrt(sum);
}

// Calls fn(i) for every i in [0, n) on up to `threads` threads, in contiguous ranges; fn(begin, end) sees one
// range, so that a range's scratch space is allocated once. Each i's result goes to its own slot, so results do
// not depend on the threads.
template <class Fn>
void for_ranges(std::size_t n, unsigned threads, Fn&& fn) {
  const std::size_t ranges = std::min<std::size_t>(n, 4 * static_cast<std::size_t>(core::thread_count(threads)));
  core::parallel_for(ranges, threads, [&](std::size_t r) { fn(r * n / ranges, (r + 1) * n / ranges); });
}

// Conditional PCE over options with utilities u[actor][option] and voting weights w (proportional votes,
// linear victory probabilities): P_i proportional to prod_j P(i > j).
std::vector<double> scalar_pce(const Matrix& u, const std::vector<double>& w, std::size_t options, unsigned threads) {
  const std::size_t n = w.size();
  // Each option's utilities to every actor in a row of its own, so that a pair's sums read memory in order.
  std::vector<double> by_option(options * n);
  for (std::size_t k = 0; k < n; ++k) {
    for (std::size_t i = 0; i < options; ++i) by_option[i * n + k] = u[k][i];
  }
  Matrix c = square(options, kMinCoalition);
  // c[i][j]: the votes for i over j, summed over the actors in order. Adding 0 for a vote the other way leaves a
  // sum unchanged, so four pairs are summed side by side (independent additions the processor overlaps) with the
  // same result bit for bit. Row i adds to c[i][j] and c[j][i] for j < i only, so rows run on any thread.
  core::parallel_for(options, options >= 64 ? threads : 1, [&](std::size_t i) {
    const double* ui = &by_option[i * n];
    std::size_t j = 0;
    for (; j + 4 <= i; j += 4) {
      const double* u0 = &by_option[j * n];
      const double* u1 = u0 + n;
      const double* u2 = u1 + n;
      const double* u3 = u2 + n;
      double f0 = c[i][j], f1 = c[i][j + 1], f2 = c[i][j + 2], f3 = c[i][j + 3];
      double a0 = c[j][i], a1 = c[j + 1][i], a2 = c[j + 2][i], a3 = c[j + 3][i];
      for (std::size_t k = 0; k < n; ++k) {
        const double v0 = w[k] * (ui[k] - u0[k]), v1 = w[k] * (ui[k] - u1[k]);
        const double v2 = w[k] * (ui[k] - u2[k]), v3 = w[k] * (ui[k] - u3[k]);
        f0 += std::max(0.0, v0), a0 += std::max(0.0, -v0);
        f1 += std::max(0.0, v1), a1 += std::max(0.0, -v1);
        f2 += std::max(0.0, v2), a2 += std::max(0.0, -v2);
        f3 += std::max(0.0, v3), a3 += std::max(0.0, -v3);
      }
      c[i][j] = f0, c[i][j + 1] = f1, c[i][j + 2] = f2, c[i][j + 3] = f3;
      c[j][i] = a0, c[j + 1][i] = a1, c[j + 2][i] = a2, c[j + 3][i] = a3;
    }
    for (; j < i; ++j) {
      const double* uj = &by_option[j * n];
      double f = c[i][j], a = c[j][i];
      for (std::size_t k = 0; k < n; ++k) {
        const double v = w[k] * (ui[k] - uj[k]);
        f += std::max(0.0, v), a += std::max(0.0, -v);
      }
      c[i][j] = f, c[j][i] = a;
    }
  });
  std::vector<double> p(options, 1.0);
  for (std::size_t i = 0; i < options; ++i) {
    for (std::size_t j = 0; j < options; ++j) {
      p[i] *= i == j ? 0.5 : c[i][j] / (c[i][j] + c[j][i]);
    }
  }
  const double total = std::accumulate(p.begin(), p.end(), 0.0);
  if (total > 0) {
    for (double& x : p) {
      x /= total;
    }
  } else {  // every product underflowed: no option is favoured
    std::fill(p.begin(), p.end(), 1.0 / static_cast<double>(options));
  }
  return p;
}

// The first index of the largest value (KTAB's ndxMaxAbs on non-negative numbers).
std::size_t first_max(const std::vector<double>& v) {
  std::size_t best = 0;
  for (std::size_t i = 1; i < v.size(); ++i) {
    if (v[i] > v[best]) {
      best = i;
    }
  }
  return best;
}

// One state's derived quantities: distances, risk attitudes and each actor's own utilities.
struct Assessed {
  Matrix dist;                         // dist[i][j] = d_i(p_i, p_j) (the ideal follows the position)
  std::vector<double> dist_by_column;  // dist[i][j] at [j * n + i]
  std::vector<double> risk;            // R_i
  Matrix own;                          // own[h][j] = u(dist[h][j], (2 R_h + R_h) / 3): h's utility of j's position
};

// Actor h's view of every actor's utilities: (i, j) is u(dist[i][j], (2 R_h + R_i) / 3), h's estimate of i's
// risk-adjusted utility of j's position (KTAB's one-third risk adjustment). A turn needs each view once, when h
// chooses its challenge, so views are made one at a time (n^2 numbers) rather than all held (n^3: a gigabyte at
// 500 actors). Stored by column, so that a contest's pass over the third parties reads memory in order.
class View {
 public:
  void fill(const Assessed& a, std::size_t h) {
    n_ = a.risk.size();
    by_column_.resize(n_ * n_);
    diagonal_.resize(n_);
    risk_.resize(n_);
    for (std::size_t i = 0; i < n_; ++i) risk_[i] = (2 * a.risk[h] + a.risk[i]) / 3;
    for (std::size_t j = 0; j < n_; ++j) {
      const double* d = &a.dist_by_column[j * n_];
      double* out = &by_column_[j * n_];
      for (std::size_t i = 0; i < n_; ++i) out[i] = utility(d[i], risk_[i]);
    }
    for (std::size_t i = 0; i < n_; ++i) diagonal_[i] = by_column_[i * n_ + i];
  }
  [[nodiscard]] double operator()(std::size_t i, std::size_t j) const { return by_column_[j * n_ + i]; }
  [[nodiscard]] const double* column(std::size_t j) const { return &by_column_[j * n_]; }
  [[nodiscard]] const double* diagonal() const { return diagonal_.data(); }

 private:
  std::size_t n_ = 0;
  std::vector<double> by_column_, diagonal_, risk_;
};

// Winning probabilities: of the distinct positions (the first actor at each) and of each actor's position.
struct Winning {
  std::vector<std::size_t> distinct;
  std::vector<double> of_distinct, of_actor;
};

class Model {
 public:
  Model(const SmpInput& in, unsigned threads) : in_(in), n_(in.ids.size()), threads_(threads) {
    for (std::size_t i = 0; i < n_; ++i) {
      total_salience_.push_back(std::accumulate(in.salience[i].begin(), in.salience[i].end(), 0.0));
      weight_.push_back(total_salience_[i] * in.capability[i]);
    }
  }

  Assessed assess(const Matrix& pos) const {
    Assessed a;
    a.dist = square(n_);
    for (std::size_t i = 0; i < n_; ++i) {
      for (std::size_t j = 0; j < n_; ++j) {
        a.dist[i][j] = distance(in_.salience[i], pos[i], pos[j]);
      }
    }
    a.dist_by_column.resize(n_ * n_);
    for (std::size_t i = 0; i < n_; ++i) {
      for (std::size_t j = 0; j < n_; ++j) a.dist_by_column[j * n_ + i] = a.dist[i][j];
    }
    Matrix neutral = square(n_);
    for (std::size_t i = 0; i < n_; ++i) {
      for (std::size_t j = 0; j < n_; ++j) {
        neutral[i][j] = utility(a.dist[i][j], 0);
      }
    }
    a.risk = risk_from(scalar_pce(neutral, in_.capability, n_, threads_));
    a.own = square(n_);
    for (std::size_t h = 0; h < n_; ++h) {
      const double r = (2 * a.risk[h] + a.risk[h]) / 3;
      for (std::size_t j = 0; j < n_; ++j) {
        a.own[h][j] = utility(a.dist[h][j], r);
      }
    }
    return a;
  }

  // The winning probabilities of the distinct positions and of each actor's position.
  Winning winning(const Matrix& pos, const Assessed& a) const {
    Winning w;
    for (std::size_t i = 0; i < n_; ++i) {
      const bool seen = std::any_of(w.distinct.begin(), w.distinct.end(),
                                    [&](std::size_t u) { return euclid(pos[i], pos[u]) < kSamePosition; });
      if (!seen) {
        w.distinct.push_back(i);
      }
    }
    Matrix u(n_, std::vector<double>(w.distinct.size()));
    for (std::size_t i = 0; i < n_; ++i) {
      for (std::size_t m = 0; m < w.distinct.size(); ++m) {
        u[i][m] = a.own[i][w.distinct[m]];  // each actor's own view
      }
    }
    w.of_distinct = scalar_pce(u, in_.capability, w.distinct.size(), threads_);
    w.of_actor.assign(n_, 0.0);
    for (std::size_t i = 0; i < n_; ++i) {
      for (std::size_t m = 0; m < w.distinct.size(); ++m) {  // the last match, as KTAB's posProb
        if (euclid(pos[i], pos[w.distinct[m]]) < kSamePosition) {
          w.of_actor[i] = w.of_distinct[m];
        }
      }
    }
    return w;
  }

  // One turn from `pos`: challenges, bargains, and each actor's queue resolved.
  Matrix turn(const Matrix& pos, const Assessed& a, SmpState& next) const {
    // Each actor's best challenge, in its own view: independent of the others' choices.
    struct Best {
      std::optional<std::size_t> target;
      double gain = -1, p = 0;
    };
    std::vector<Best> best(n_);
    for_ranges(n_, threads_, [&](std::size_t begin, std::size_t end) {
      View view;
      std::vector<double> votes;
      for (std::size_t i = begin; i < end; ++i) {
        view.fill(a, i);
        for (std::size_t j = 0; j < n_; ++j) {
          if (j == i) {
            continue;
          }
          const auto [p, gain] = challenge(view, i, j, votes);
          if (gain > kMinGain && gain > best[i].gain) {
            best[i] = {j, gain, p};
          }
        }
      }
    });
    std::vector<std::vector<std::size_t>> queue(n_);  // indices into bargains; kStatusQuo for the SQ
    std::vector<Bargain> bargains;
    for (std::size_t i = 0; i < n_; ++i) {
      queue[i].push_back(kStatusQuo);
      if (!best[i].target) {
        continue;
      }
      const std::size_t j = *best[i].target;
      Bargain b = interpolate(pos, i, j, best[i].p);
      next.challenges.push_back({i, j, best[i].gain, best[i].p, b.init_to, b.rcvr_to});
      bargains.push_back(std::move(b));
      queue[i].push_back(bargains.size() - 1);
      queue[j].push_back(bargains.size() - 1);
    }
    // Every actor's value of the status quo and of each bargain's state: a bargain sits in two queues and the
    // status quo in all, so each value is computed once and looked up per queue.
    std::vector<double> status_quo(n_);
    Matrix value(n_, std::vector<double>(bargains.size()));
    core::parallel_for(n_, threads_, [&](std::size_t h) {
      status_quo[h] = bargain_value(pos, a, h, kStatusQuo, bargains);
      for (std::size_t b = 0; b < bargains.size(); ++b) {
        value[h][b] = bargain_value(pos, a, h, b, bargains);
      }
    });
    Matrix out = pos;
    next.moved_by.assign(n_, std::nullopt);
    core::parallel_for(n_, threads_, [&](std::size_t k) {
      const std::vector<std::size_t>& q = queue[k];
      Matrix u(n_, std::vector<double>(q.size()));
      for (std::size_t h = 0; h < n_; ++h) {
        for (std::size_t m = 0; m < q.size(); ++m) {
          u[h][m] = q[m] == kStatusQuo ? status_quo[h] : value[h][q[m]];
        }
      }
      const std::size_t chosen = q[first_max(scalar_pce(u, in_.capability, q.size(), 1))];
      if (chosen == kStatusQuo) {
        return;
      }
      const Bargain& b = bargains[chosen];
      out[k] = b.init == k ? b.init_to : b.rcvr_to;
      next.moved_by[k] = b.init == k ? b.rcvr : b.init;
    });
    return out;
  }

 private:
  static constexpr std::size_t kStatusQuo = static_cast<std::size_t>(-1);

  struct Bargain {
    std::size_t init = 0, rcvr = 0;
    std::vector<double> init_to, rcvr_to;
  };

  // R_i = (3 P_i - (Pmax + 2 Pmin)) / (2 (Pmax - Pmin)); all 0 when every P_i is the same.
  static std::vector<double> risk_from(const std::vector<double>& p) {
    const auto [lo, hi] = std::minmax_element(p.begin(), p.end());
    const double p_min = *lo, p_max = *hi;
    std::vector<double> r(p.size(), 0.0);
    if (p_max - p_min <= 0) {
      return r;
    }
    for (std::size_t i = 0; i < p.size(); ++i) {
      r[i] = (3 * p[i] - (p_max + 2 * p_min)) / (2 * (p_max - p_min));
    }
    return r;
  }

  // i's estimate (its view `u`) of the probability that it beats j, and of its expected gain from challenging j.
  // Each third party's vote is computed first for all of them (independent numbers, which the compiler can
  // vectorise), then summed in actor order as before: adding 0 for a vote against leaves a sum unchanged, so
  // the sums are the same bit for bit. std::max(0.0, v) is 0 for a NaN vote, which the comparisons skipped too.
  std::pair<double, double> challenge(const View& u, std::size_t i, std::size_t j, std::vector<double>& votes) const {
    const double wi = weight_[i];
    const double wj = weight_[j];
    double for_i = kMinChallenge, for_j = kMinChallenge;
    for (const double v : {wi * (u(i, i) - u(i, j)), wj * (u(j, i) - u(j, j))}) {
      if (v > 0) {
        for_i += v;
      }
      if (v < 0) {
        for_j -= v;
      }
    }
    const double principals_i = for_i, principals_j = for_j;
    const double* to_i = u.column(i);
    const double* to_j = u.column(j);
    const double* self = u.diagonal();
    const double* w = weight_.data();
    votes.resize(n_);
    double* vote = votes.data();
    for (std::size_t n = 0; n < n_; ++n) {
      const double wn = w[n];
      const double uni = to_i[n], unj = to_j[n], unn = self[n];
      // n's chance that i wins the little contest of i, j and n, counting n's own vote
      const double v0 = wn * (uni - unj);
      const double ci = principals_i + std::max(v0, 0.0), cj = principals_j + std::max(-v0, 0.0);
      const double pin = ci / (ci + cj), pjn = 1 - pin;
      // semi-committed: n joining i is worth 2U(n,i) + U(n,n) if i wins, 3U(n,j) if it loses
      const double join_i = pin * (2 * uni + unn) + pjn * 3 * unj;
      const double join_j = pin * 3 * uni + pjn * (2 * unj + unn);
      vote[n] = wn * (join_i - join_j);
    }
    vote[i] = vote[j] = 0;  // the principals voted above
    for (std::size_t n = 0; n < n_; ++n) {
      for_i += std::max(0.0, vote[n]);
      for_j += std::max(0.0, -vote[n]);
    }
    const double p = for_i / (for_i + for_j);
    const double status_quo = u(i, i) + u(i, j);
    const double victory = 2 * u(i, i);
    const double contest = p * victory + (1 - p) * 2 * u(i, j);
    const double sj = total_salience_[j];
    return {p, (1 - sj) * victory + sj * contest - status_quo};
  }

  // "S2P2": per issue, weights s_ik^2 p^2 and s_jk^2 (1-p)^2; the initiator gets kMinWeight more, so that
  // two indifferent actors stay put (KTAB's deliberate asymmetry); rounded to 4 decimals.
  Bargain interpolate(const Matrix& pos, std::size_t i, std::size_t j, double p) const {
    Bargain b{i, j, pos[i], pos[j]};
    for (std::size_t k = 0; k < pos[i].size(); ++k) {
      const double si = in_.salience[i][k], sj = in_.salience[j][k];
      const double wi = si * si * p * p, wj = sj * sj * (1 - p) * (1 - p);
      const double ti = pos[i][k], tj = pos[j][k], den = wi + kMinWeight + wj;
      b.init_to[k] = std::floor(0.5 + kRound * (((wi + kMinWeight) * ti + wj * tj) / den)) / kRound;
      b.rcvr_to[k] = std::floor(0.5 + kRound * ((wi * ti + (kMinWeight + wj) * tj) / den)) / kRound;
    }
    return b;
  }

  // h's value of the state a bargain would create: the mean of its utilities over all actors' positions.
  double bargain_value(const Matrix& pos, const Assessed& a, std::size_t h, std::size_t index,
                       const std::vector<Bargain>& bargains) const {
    const std::vector<double>& own = a.own[h];
    double sum = 0;
    if (index == kStatusQuo) {
      sum = std::accumulate(own.begin(), own.end(), 0.0);
    } else {
      const Bargain& b = bargains[index];
      const double r = a.risk[h];
      sum += utility(distance(in_.salience[h], pos[h], b.init_to), r);
      sum += utility(distance(in_.salience[h], pos[h], b.rcvr_to), r);
      for (std::size_t n = 0; n < n_; ++n) {
        if (n != b.init && n != b.rcvr) {
          sum += own[n];
        }
      }
    }
    return sum / static_cast<double>(n_);
  }

  const SmpInput& in_;
  std::size_t n_;
  unsigned threads_;
  std::vector<double> total_salience_;
  std::vector<double> weight_;  // total salience x capability: an actor's weight in a contest
};

double movement(const Matrix& a, const Matrix& b) {
  double sum = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    sum += euclid(a[i], b[i]);
  }
  return sum;
}

}  // namespace

SmpResult run_smp(const SmpInput& input, const SmpOptions& options, core::Work* work) {
  validate(input, options);
  const Model model(input, options.threads);
  SmpResult result;
  Winning winning;

  auto add_state = [&](int turn, Matrix pos, SmpState state) -> Assessed {
    Assessed a = model.assess(pos);
    state.turn = turn;
    state.risk = a.risk;
    winning = model.winning(pos, a);
    state.probability = winning.of_actor;
    state.position = std::move(pos);
    result.states.push_back(std::move(state));
    return a;
  };

  Assessed current = add_state(0, input.position, SmpState{});
  result.stop = "turns";
  if (work != nullptr) work->phase("turns", static_cast<std::size_t>(options.max_turns));
  for (int t = 1; t <= options.max_turns; ++t) {
    SmpState next;
    Matrix pos = model.turn(result.states.back().position, current, next);
    current = add_state(t, std::move(pos), std::move(next));
    if (work != nullptr) work->step();
    if (t >= options.min_turns) {
      const double first = movement(result.states[0].position, result.states[1].position) + kMinMovement;
      const double last = movement(result.states[static_cast<std::size_t>(t) - 1].position,
                                   result.states[static_cast<std::size_t>(t)].position);
      if (last / first < options.min_delta_ratio) {
        result.stop = "converged";
        break;
      }
    }
  }

  const SmpState& last = result.states.back();
  const std::size_t dims = input.position[0].size();
  result.forecast.assign(dims, 0.0);
  for (std::size_t m = 0; m < winning.distinct.size(); ++m) {
    for (std::size_t k = 0; k < dims; ++k) {
      result.forecast[k] += winning.of_distinct[m] * last.position[winning.distinct[m]][k];
    }
  }
  result.distinct.assign(winning.distinct.begin(), winning.distinct.end());
  result.of_distinct.assign(winning.of_distinct.begin(), winning.of_distinct.end());
  return result;
}

std::vector<double> option_shares(const SmpResult& r, std::size_t k, std::size_t n) {
  std::vector<double> shares(n, 0.0);
  if (n == 0 || r.states.empty()) return shares;
  const SmpState& last = r.states.back();
  for (std::size_t m = 0; m < r.distinct.size(); ++m) {
    const double x = last.position[r.distinct[m]][k] * static_cast<double>(n - 1);
    const auto option = static_cast<std::size_t>(std::clamp(std::lround(x), 0L, static_cast<long>(n - 1)));
    shares[option] += r.of_distinct[m];
  }
  return shares;
}

SmpInput smp_input(const Scenario& scenario) {
  SmpInput in;
  const std::size_t dims = scenario.issues.size();
  for (const Actor& actor : scenario.actors) {
    if (actor.stances.empty()) {
      continue;
    }
    std::vector<double> pos(dims, 0.5), sal(dims, 0.0);
    for (const Stance& stance : actor.stances) {
      const Issue& issue = scenario.issues[stance.issue];
      // Options with no order have no positions to bargain between: nobody weighs a nominal issue in the model
      // (its forecast is its plurality option, report::nominal_forecasts).
      if (issue.nominal() || stance.flat()) continue;
      const double range = issue.range();
      const double x = range > 0 ? (stance.position.central() - issue.min) / range : 0.0;
      pos[stance.issue] = std::clamp(x, 0.0, 1.0);
      sal[stance.issue] = stance.salience.central() / 100;
    }
    // The model needs saliences summing to at most 1; a scenario gives each issue 0-100 on its own, so a
    // larger total is scaled to 1, keeping the ratios, and the actor is listed.
    double total = 0;
    for (double s : sal) total += s;
    if (total > 1 + 1e-12) {
      for (double& s : sal) s /= total;
      in.rescaled.push_back(actor.id);
    }
    in.ids.push_back(actor.id);
    in.capability.push_back(actor.capability.central());
    in.position.push_back(std::move(pos));
    in.salience.push_back(std::move(sal));
  }
  return in;
}

}  // namespace parley::forecast
