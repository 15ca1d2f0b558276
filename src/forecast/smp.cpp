#include "forecast/smp.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <tuple>
#include <type_traits>

#include "core/parallel.hpp"
#include "core/random.hpp"
#include "core/text.hpp"
#include "parley/error.hpp"

namespace parley::forecast {

namespace {

// KTAB's constants (docs/design/smp.md gives the file each comes from).
constexpr double kSamePosition = 1e-3;        // positions closer than this (Euclidean, 0..1) are one position
constexpr double kMinCoalition = 1e-8;        // every coalition's floor in a PCE, so that P is never 0/0
constexpr double kMinChallenge = 1e-10;       // the principals' coalition floor in a challenge
constexpr double kMinGain = 1e-5;             // a challenge must gain more than this
constexpr double kMinWeight = 1e-6;           // the initiator's extra weight in a bargain, against 0/0
constexpr double kMinMovement = 1e-4;         // added to turn 1's movement in the stop rule
constexpr double kRound = 1e4;                // bargains are rounded to 4 decimals
constexpr double kBinaryStep = 1e-8;          // binary voting: a utility difference this large casts the whole vote
constexpr double kPropBinShare = 0.2;         // prop-bin voting: the binary part (KTAB's rbp)
constexpr double kPropCubicShare = 0.5;       // prop-cubic voting: the cubic part (KTAB's rpc)
constexpr double kBinaryVictory = 1.10;       // binary victory: a coalition this many times stronger wins outright
constexpr double kBinaryLoser = 1e-6;         // ... and the weaker keeps this weight, against 0/0
constexpr double kIncentiveFloor = 1e-10;     // Markov-incentive PCE: an option's incentive to stand against itself
constexpr double kIncentiveTolerance = 1e-8;  // Markov-incentive PCE: settled when no probability moves more
constexpr double kUniformTolerance = 1e-6;    // Markov-uniform PCE: likewise
constexpr int kMarkovIterations = 1000;       // a Markov PCE that has not settled by then is refused, as KTAB does

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
  if (!in.accommodation.empty()) {
    require(in.accommodation.size() == n, "the accommodation matrix needs a row per actor");
    for (std::size_t i = 0; i < n; ++i) {
      require(in.accommodation[i].size() == n, "the accommodation matrix needs a column per actor");
      double total = 0;
      for (const double x : in.accommodation[i]) {
        require(std::isfinite(x) && x >= 0 && x <= 1, "accommodation rates must lie in [0, 1]");
        total += x;
      }
      require(total <= 1 + 1e-10, "actor " + in.ids[i] + "'s accommodation rates add up to more than 1");
    }
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
// linear victory probabilities): P_i proportional to prod_j P(i > j). KTAB's default, and the fast path.
std::vector<double> linear_pce(const Matrix& u, const std::vector<double>& w, std::size_t options, unsigned threads) {
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

// The vote of an actor of weight w between options it values uij and uik (KTAB's Model::vote, kmodel.cpp), in
// KTAB's order of operations so that results agree to the last bit. A weight of 0 casts no vote (KTAB refuses it).
// The rule is a template argument so that the loops over voters compile to the rule's arithmetic alone.
template <VotingRule R>
double vote(double w, double uij, double uik) {
  const double du = uij - uik;
  if constexpr (R == VotingRule::binary) {
    return w * std::clamp(du / kBinaryStep, -1.0, 1.0);
  } else if constexpr (R == VotingRule::prop_bin) {
    return w * ((1 - kPropBinShare) * du + kPropBinShare * std::clamp(du / kBinaryStep, -1.0, 1.0));
  } else if constexpr (R == VotingRule::proportional) {
    return w * du;
  } else if constexpr (R == VotingRule::prop_cubic) {
    return w * ((1 - kPropCubicShare) * du + kPropCubicShare * (du * du * du));
  } else if constexpr (R == VotingRule::cubic) {
    return w * (du * du * du);
  } else {  // asymmetric: a gain moves an actor two-thirds as much as a loss (prospect theory)
    return du < 0 ? w * du : du > 0 ? (2 * w * du) / 3 : 0.0;
  }
}

// Calls f with the voting rule as a compile-time constant (std::integral_constant).
template <class F>
decltype(auto) with_rule(VotingRule rule, F&& f) {
  switch (rule) {
    case VotingRule::binary:
      return f(std::integral_constant<VotingRule, VotingRule::binary>{});
    case VotingRule::prop_bin:
      return f(std::integral_constant<VotingRule, VotingRule::prop_bin>{});
    case VotingRule::proportional:
      return f(std::integral_constant<VotingRule, VotingRule::proportional>{});
    case VotingRule::prop_cubic:
      return f(std::integral_constant<VotingRule, VotingRule::prop_cubic>{});
    case VotingRule::cubic:
      return f(std::integral_constant<VotingRule, VotingRule::cubic>{});
    case VotingRule::asymmetric:
      break;
  }
  return f(std::integral_constant<VotingRule, VotingRule::asymmetric>{});
}

// P(1 beats 2) and P(2 beats 1) for coalitions of strengths s1 and s2 (KTAB's Model::vProb): strengths raised to
// the 1st, 2nd, 4th or 8th power, or "binary": a 10% edge wins outright, linear in between.
std::pair<double, double> victory_pair(VictoryModel model, double s1, double s2) {
  double x1 = s1, x2 = s2;
  switch (model) {
    case VictoryModel::linear:
      break;
    case VictoryModel::square:
      x1 = s1 * s1, x2 = s2 * s2;
      break;
    case VictoryModel::quartic:
      x1 = s1 * s1 * s1 * s1, x2 = s2 * s2 * s2 * s2;
      break;
    case VictoryModel::octic: {
      const double q1 = s1 * s1 * s1 * s1, q2 = s2 * s2 * s2 * s2;
      x1 = q1 * q1, x2 = q2 * q2;
      break;
    }
    case VictoryModel::binary:
      if (s1 >= kBinaryVictory * s2) {
        x1 = 1.0, x2 = kBinaryLoser;
      } else if (s2 >= kBinaryVictory * s1) {
        x1 = kBinaryLoser, x2 = 1.0;
      } else {
        const double r12 = s1 / (s1 + s2);
        const double p12 = (r12 * (kBinaryVictory + 1.0) - 1.0) / (kBinaryVictory - 1.0);
        x1 = p12, x2 = 1 - p12;
      }
      break;
  }
  if (!std::isfinite(x1 + x2)) {
    // Raised to the 8th power, a coalition past about 1e38 overflows; the probabilities would be 0/0.
    throw DataError("spatial model: coalitions of strength " + core::format_number(std::max(s1, s2)) +
                    " are too strong for the victory model's powers (the capabilities are too large); scale the "
                    "capabilities down: only their ratios count");
  }
  return {x1 / (x1 + x2), x2 / (x1 + x2)};
}

// The winning probabilities of `options` options from their coalition strengths c[i][j] (for i against j), by
// the victory model and the PCE model (KTAB's Model::probCE2).
std::vector<double> pce_from(const Matrix& c, const SmpOptions& o) {
  const std::size_t m = c.size();
  Matrix pv = square(m);
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      std::tie(pv[i][j], pv[j][i]) = victory_pair(o.victory, c[i][j], c[j][i]);
    }
    pv[i][i] = 0.5;
  }
  std::vector<double> p(m, 1.0 / static_cast<double>(m));
  if (o.pce == PceModel::conditional) {  // P_i proportional to prod_j P(i > j) (Model::condPCE)
    for (std::size_t i = 0; i < m; ++i) {
      double x = 1.0;
      for (std::size_t j = 0; j < m; ++j) x *= pv[i][j];
      p[i] = x;
    }
    const double total = std::accumulate(p.begin(), p.end(), 0.0);
    if (total > 0) {
      for (double& x : p) x /= total;
    } else {  // every product underflowed: no option is favoured
      std::fill(p.begin(), p.end(), 1.0 / static_cast<double>(m));
    }
    return p;
  }
  // Markov chains over the option that currently stands (Model::markovUniformPCE, markovIncentivePCE): a
  // challenger comes at random (uniform) or in proportion to its incentive, strength times victory probability;
  // the standing option moves to the winner. Iterated from uniform, each step averaged with the last, until no
  // probability moves by more than the tolerance.
  Matrix challenge(m, std::vector<double>(m, 0.0));  // challenge[i][j]: i is the one to challenge standing j
  if (o.pce == PceModel::markov_incentive) {
    Matrix incentive = square(m);
    for (std::size_t i = 0; i < m; ++i) {
      for (std::size_t j = 0; j < m; ++j) incentive[i][j] = c[i][j] * pv[i][j] + (i == j ? kIncentiveFloor : 0.0);
    }
    for (std::size_t j = 0; j < m; ++j) {
      double column = 0.0;
      for (std::size_t k = 0; k < m; ++k) column += incentive[k][j];
      for (std::size_t i = 0; i < m; ++i) challenge[i][j] = incentive[i][j] / column;
    }
  }
  const double tolerance = o.pce == PceModel::markov_incentive ? kIncentiveTolerance : kUniformTolerance;
  std::vector<double> q(m);
  Matrix ct = square(m);
  double change = 1.0;
  for (int iteration = 1; tolerance < change; ++iteration) {
    change = 0.0;
    if (o.pce == PceModel::markov_incentive) {
      for (std::size_t i = 0; i < m; ++i) {
        for (std::size_t j = 0; j < m; ++j) ct[i][j] = p[i] * challenge[j][i];
      }
      for (std::size_t i = 0; i < m; ++i) {
        double qi = 0.0;
        for (std::size_t j = 0; j < m; ++j) qi = qi + pv[i][j] * (ct[i][j] + ct[j][i]);
        q[i] = qi;
        change = std::max(change, std::fabs(q[i] - p[i]));
      }
    } else {
      for (std::size_t i = 0; i < m; ++i) {
        double qi = 0.0;
        for (std::size_t j = 0; j < m; ++j) qi = qi + pv[i][j] * (p[i] + p[j]);
        q[i] = qi / static_cast<double>(m);
        change = std::max(change, std::fabs(q[i] - p[i]));
      }
    }
    for (std::size_t i = 0; i < m; ++i) p[i] = (p[i] + q[i]) / 2.0;
    if (iteration >= kMarkovIterations) {
      throw DataError("spatial model: the " +
                      std::string(o.pce == PceModel::markov_incentive ? "Markov-incentive" : "Markov-uniform") +
                      " PCE did not settle in " + std::to_string(kMarkovIterations) +
                      " iterations (KTAB's smpc refuses it too); the conditional PCE always settles");
    }
  }
  return p;
}

// The PCE over options with utilities u[actor][option] and voting weights w, under the run's voting rule,
// victory model and PCE model (KTAB's Model::scalarPCE). KTAB's default takes the fast path.
std::vector<double> scalar_pce(const Matrix& u, const std::vector<double>& w, std::size_t options, const SmpOptions& o,
                               unsigned threads) {
  if (o.voting == VotingRule::proportional && o.victory == VictoryModel::linear && o.pce == PceModel::conditional)
    return linear_pce(u, w, options, threads);
  const std::size_t n = w.size();
  Matrix c = square(options, kMinCoalition);
  // Row i adds to c[i][j] and c[j][i] for j < i only, so rows run on any thread; each sum runs in actor order.
  with_rule(o.voting, [&](auto rule) {
    core::parallel_for(options, options >= 64 ? threads : 1, [&](std::size_t i) {
      for (std::size_t j = 0; j < i; ++j) {
        double f = c[i][j], a = c[j][i];
        for (std::size_t k = 0; k < n; ++k) {
          const double v = vote<decltype(rule)::value>(w[k], u[k][i], u[k][j]);
          if (v > 0) f = f + v;
          if (v < 0) a = a - v;
        }
        c[i][j] = f, c[j][i] = a;
      }
    });
  });
  return pce_from(c, o);
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

// KTAB's PRNG::probSel: the first index whose cumulative probability reaches the uniform number x; the last
// when round-off leaves the sum short of x.
std::size_t drawn(const std::vector<double>& p, double x) {
  double sum = 0.0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    sum = sum + p[i];
    if (x <= sum) return i;
  }
  return p.size() - 1;
}

// One state's derived quantities: distances, risk attitudes and each actor's own utilities.
struct Assessed {
  Matrix ideal;                        // each actor's ideal: its position unless accommodated
  Matrix dist;                         // dist[i][j] = d_i(ideal_i, p_j)
  std::vector<double> dist_by_column;  // dist[i][j] at [j * n + i]
  std::vector<double> risk;            // R_i
  Matrix own;                          // own[h][j] = u(dist[h][j], adjusted(R_h, R_h)): h's utility of j's position
};

// h's estimate of i's risk attitude from R_h and R_i (KTAB's Model::estNRA): how far h credits i with i's own.
double adjusted(RiskAdjust adjust, double rh, double ri) {
  switch (adjust) {
    case RiskAdjust::none:
      return rh;
    case RiskAdjust::one_third:
      return ((2.0 * rh) + ri) / 3.0;
    case RiskAdjust::half:
      return (rh + ri) / 2;
    case RiskAdjust::two_thirds:
      return (rh + (2.0 * ri)) / 3.0;
    case RiskAdjust::full:
      return ri;
  }
  return rh;
}

// Actor h's view of every actor's utilities: (i, j) is u(dist[i][j], adjusted(R_h, R_i)), h's estimate of i's
// risk-adjusted utility of j's position (by default KTAB's one-third adjustment, (2 R_h + R_i) / 3). A turn needs each
// view once, when h chooses its challenge, so views are made one at a time (n^2 numbers) rather than all held (n^3: a
// gigabyte at 500 actors). Stored by column, so that a contest's pass over the third parties reads memory in order.
class View {
 public:
  void fill(const Assessed& a, std::size_t h, RiskAdjust adjust) {
    n_ = a.risk.size();
    by_column_.resize(n_ * n_);
    diagonal_.resize(n_);
    risk_.resize(n_);
    for (std::size_t i = 0; i < n_; ++i) risk_[i] = adjusted(adjust, a.risk[h], a.risk[i]);
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
  Model(const SmpInput& in, const SmpOptions& o) : in_(in), o_(o), n_(in.ids.size()), threads_(o.threads) {
    for (std::size_t i = 0; i < n_; ++i) {
      total_salience_.push_back(std::accumulate(in.salience[i].begin(), in.salience[i].end(), 0.0));
      weight_.push_back(total_salience_[i] * in.capability[i]);
    }
  }

  // The state's derived quantities from its positions and the actors' ideals (their positions unless accommodated).
  Assessed assess(const Matrix& pos, const Matrix& ideal) const {
    Assessed a;
    a.ideal = ideal;
    a.dist = square(n_);
    for (std::size_t i = 0; i < n_; ++i) {
      for (std::size_t j = 0; j < n_; ++j) {
        a.dist[i][j] = distance(in_.salience[i], ideal[i], pos[j]);
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
    a.risk = risk_from(scalar_pce(neutral, in_.capability, n_, o_, threads_), o_.risk_range);
    a.own = square(n_);
    for (std::size_t h = 0; h < n_; ++h) {
      const double r = adjusted(o_.risk_adjust, a.risk[h], a.risk[h]);
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
    w.of_distinct = scalar_pce(u, in_.capability, w.distinct.size(), o_, threads_);
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

  // One turn from `pos`: challenges, bargains, and each actor's queue resolved. `t` numbers the turn (1 first),
  // which picks the stream of stochastic transitions.
  Matrix turn(const Matrix& pos, const Assessed& a, SmpState& next, int t) const {
    // Each actor's best challenge, in its own view: independent of the others' choices.
    struct Best {
      std::optional<std::size_t> target;
      double gain = -1, p = 0;
      double target_estimate = 0;  // the target's estimate of the challenger's gain (see counter_offer)
      bool off_scale = false;      // a utility this actor's estimates read lies outside [0, 1]
    };
    // KTAB's SMPState::probEduChlg checks that the utilities it sums lie where utilities of positions on the scale
    // do (each sum in [0, 2]) and stops the run otherwise. Only a position pushed off the scale breaks it: a
    // counter-offer interpolated from a gain (counter_offer) with s1p1 or s2pmax interpolation.
    const auto outside = [](const View& u, std::size_t k, std::size_t i, std::size_t j) {
      const double x = u(k, i), y = u(k, j);
      const auto in = [](double sum) { return sum >= 0.0 && sum <= 2.0; };
      return !in(x + y) || !in(x + x) || !in(y + y);
    };
    const bool ask_target = o_.bargain != BargainModel::initiator;
    std::vector<Best> best(n_);
    for_ranges(n_, threads_, [&](std::size_t begin, std::size_t end) {
      View view, target_view;
      std::vector<double> votes;
      for (std::size_t i = begin; i < end; ++i) {
        view.fill(a, i, o_.risk_adjust);
        for (std::size_t j = 0; j < n_; ++j) {
          if (j == i) {
            continue;
          }
          if (outside(view, i, i, j)) best[i].off_scale = true;
          const auto [p, gain] = challenge(view, i, j, votes);
          if (gain > kMinGain && gain > best[i].gain) {
            best[i] = {j, gain, p, 0.0, best[i].off_scale};
          }
        }
        if (best[i].target) {
          const std::size_t j = *best[i].target;
          if (outside(view, j, i, j)) best[i].off_scale = true;
          if (ask_target) {
            target_view.fill(a, j, o_.risk_adjust);
            best[i].target_estimate = challenge(target_view, i, j, votes).second;
            if (outside(target_view, i, i, j) || outside(target_view, j, i, j)) best[i].off_scale = true;
          }
        }
      }
    });
    if (std::any_of(best.begin(), best.end(), [](const Best& b) { return b.off_scale; })) off_scale(pos, t);
    std::vector<std::vector<std::size_t>> queue(n_);  // indices into bargains; kStatusQuo for the SQ
    std::vector<Bargain> bargains;
    const auto offer = [&](Bargain b, std::size_t i, std::size_t j) {
      bargains.push_back(std::move(b));
      queue[i].push_back(bargains.size() - 1);
      queue[j].push_back(bargains.size() - 1);
    };
    for (std::size_t i = 0; i < n_; ++i) {
      queue[i].push_back(kStatusQuo);
      if (!best[i].target) {
        continue;
      }
      const std::size_t j = *best[i].target;
      Bargain own = interpolate(pos, i, j, best[i].p, 1 - best[i].p);
      SmpChallenge made{i, j, best[i].gain, best[i].p, own.init_to, own.rcvr_to, {}, {}};
      if (o_.bargain == BargainModel::initiator) {
        offer(std::move(own), i, j);
      } else {
        Bargain counter = counter_offer(pos, i, j, best[i].target_estimate);
        if (o_.bargain == BargainModel::initiator_receiver) {
          // Both on both queues, the challenger's first (KTAB's brgns[i] and brgns[j] take IIJ, then JIJ).
          made.counter_challenger_to = counter.init_to;
          made.counter_target_to = counter.rcvr_to;
          const std::size_t first = bargains.size();
          bargains.push_back(std::move(own));
          bargains.push_back(std::move(counter));
          queue[i].push_back(first);
          queue[i].push_back(first + 1);
          queue[j].push_back(first);
          queue[j].push_back(first + 1);
        } else {
          Bargain mix = compromise(own, counter);
          made.challenger_to = mix.init_to;
          made.target_to = mix.rcvr_to;
          offer(std::move(mix), i, j);
        }
      }
      next.challenges.push_back(std::move(made));
    }
    // Every actor's value of the status quo and of each bargain's state: a bargain sits in two queues and the
    // status quo in all, so each value is computed once and looked up per queue.
    std::vector<double> status_quo(n_);
    Matrix value(n_, std::vector<double>(bargains.size()));
    core::parallel_for(n_, threads_, [&](std::size_t h) {
      status_quo[h] = bargain_value(a, h, kStatusQuo, bargains);
      for (std::size_t b = 0; b < bargains.size(); ++b) {
        value[h][b] = bargain_value(a, h, b, bargains);
      }
    });
    // Stochastic transitions: one uniform number per actor, in actor order, from this turn's stream, whatever the
    // threads (KTAB's PRNG::probSel draws from one generator shared by its threads, so its runs do not replay).
    std::vector<double> draw;
    if (o_.transitions == Transitions::stochastic) {
      core::Stream stream(o_.seed, static_cast<std::uint64_t>(t), core::name_hash("smp transitions"));
      draw.resize(n_);
      for (double& x : draw) x = stream.uniform();
    }
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
      const std::vector<double> p = scalar_pce(u, in_.capability, q.size(), o_, 1);
      const std::size_t chosen = q[draw.empty() ? first_max(p) : drawn(p, draw[k])];
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
  // Refuses turn t, as smpc stops there: names the first position off the scale.
  [[noreturn]] void off_scale(const Matrix& pos, int t) const {
    std::string where;
    for (std::size_t i = 0; i < n_ && where.empty(); ++i) {
      for (std::size_t k = 0; k < pos[i].size() && where.empty(); ++k) {
        if (pos[i][k] < 0 || pos[i][k] > 1) {
          where = "; actor " + in_.ids[i] + " stands at " + core::format_number(std::round(1e4 * pos[i][k]) / 100) +
                  " on issue " + std::to_string(k + 1) + " of a 0-100 scale";
        }
      }
    }
    throw DataError("spatial model: turn " + std::to_string(t) +
                    ": a bargain put a position off the issue's scale, so utilities leave [0, 1] and KTAB's smpc "
                    "stops here too" +
                    where +
                    ". The target's counter-offer (--smp-bargain initiator-receiver, power-weighted) is interpolated "
                    "from an expected gain (docs/models.md §6.9), which s1p1 and s2pmax interpolation can carry "
                    "past the two sides; s2p2 cannot");
  }

  static constexpr std::size_t kStatusQuo = static_cast<std::size_t>(-1);

  struct Bargain {
    std::size_t init = 0, rcvr = 0;
    std::vector<double> init_to, rcvr_to;
  };

  // Risk attitudes from winning probabilities (KTAB's Model::bigRfromProb): the most likely actor is the most
  // risk-averse (R = 1), the least likely the most risk-acceptant (R = 0, -1/2 or -1 by the range; mid:
  // R_i = (3 P_i - (Pmax + 2 Pmin)) / (2 (Pmax - Pmin))); all 0 when every P_i is the same.
  static std::vector<double> risk_from(const std::vector<double>& p, RiskRange range) {
    const auto [lo, hi] = std::minmax_element(p.begin(), p.end());
    const double p_min = *lo, p_max = *hi;
    std::vector<double> r(p.size(), 0.0);
    if (p_max - p_min <= 0) {
      return r;
    }
    for (std::size_t i = 0; i < p.size(); ++i) {
      switch (range) {
        case RiskRange::min:
          r[i] = (p[i] - p_min) / (p_max - p_min);
          break;
        case RiskRange::mid:
          r[i] = (3 * p[i] - (p_max + 2 * p_min)) / (2 * (p_max - p_min));
          break;
        case RiskRange::max:
          r[i] = (2 * p[i] - (p_max + p_min)) / (p_max - p_min);
          break;
      }
    }
    return r;
  }

  // i's estimate (its view `u`) of the probability that it beats j, and of its expected gain from challenging j.
  // Each third party's vote is computed first for all of them (independent numbers, which the compiler can
  // vectorise), then summed in actor order as before: adding 0 for a vote against leaves a sum unchanged, so
  // the sums are the same bit for bit. std::max(0.0, v) is 0 for a NaN vote, which the comparisons skipped too.
  std::pair<double, double> challenge(const View& u, std::size_t i, std::size_t j, std::vector<double>& votes) const {
    if (o_.voting == VotingRule::proportional && o_.third_party == ThirdParty::semi) {
      return challenge_fast(u, i, j, votes);
    }
    return challenge_general(u, i, j);
  }

  // KTAB's default (proportional votes, semi-committed third parties), vectorised.
  std::pair<double, double> challenge_fast(const View& u, std::size_t i, std::size_t j,
                                           std::vector<double>& votes) const {
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
      // semi-committed: n joining i is worth 2U(n,i) + U(n,n) if i wins, 3U(n,j) if it loses; summed as KTAB sums
      // them (u + u + u), so that a bargain interpolated from these numbers rounds as smpc's does
      const double join_i = (pin * (uni + uni + unn)) + (pjn * (unj + unj + unj));
      const double join_j = (pin * (uni + uni + uni)) + (pjn * (unj + unj + unn));
      vote[n] = wn * (join_i - join_j);
    }
    vote[i] = vote[j] = 0;  // the principals voted above
    for (std::size_t n = 0; n < n_; ++n) {
      for_i += std::max(0.0, vote[n]);
      for_j += std::max(0.0, -vote[n]);
    }
    const double p = for_i / (for_i + for_j), q = for_j / (for_i + for_j);
    const double status_quo = u(i, i) + u(i, j);
    const double victory = u(i, i) + u(i, i);
    const double contest = p * victory + q * (u(i, j) + u(i, j));
    const double sj = total_salience_[j];
    return {p, ((1 - sj) * victory + sj * contest) - status_quo};
  }

  // Any voting rule and third-party commitment, in KTAB's order of operations (SMPState::probEduChlg,
  // Actor::vProbLittle, Actor::thirdPartyVoteSU). Third party n weighs joining i against joining j by the sum of
  // its utilities of i's, j's and its own position after the contest: semi-committed, n keeps its position when
  // it joins the winner and must move to the winner's when it joins the loser; fully committed, it moves to its
  // side's position either way; uncommitted, it keeps its own either way. Fully committed and uncommitted third
  // parties thus weigh both sides alike and never vote, as in KTAB.
  std::pair<double, double> challenge_general(const View& u, std::size_t i, std::size_t j) const {
    return with_rule(o_.voting, [&](auto rule) { return challenge_as<decltype(rule)::value>(u, i, j); });
  }

  template <VotingRule R>
  std::pair<double, double> challenge_as(const View& u, std::size_t i, std::size_t j) const {
    const double uii = u(i, i), uij = u(i, j), uji = u(j, i), ujj = u(j, j);
    double for_i = kMinChallenge, for_j = kMinChallenge;
    for (const double v : {vote<R>(weight_[i], uii, uij), vote<R>(weight_[j], uji, ujj)}) {
      if (v > 0) for_i += v;
      if (v < 0) for_j -= v;
    }
    const double principals_i = for_i, principals_j = for_j;
    for (std::size_t n = 0; n < n_; ++n) {
      if (n == i || n == j) continue;
      const double wn = weight_[n];
      const double uni = u(n, i), unj = u(n, j), unn = u(n, n);
      const double v0 = vote<R>(wn, uni, unj);
      const double ci = v0 > 0 ? principals_i + v0 : principals_i;
      const double cj = v0 < 0 ? principals_j - v0 : principals_j;
      const double pin = ci / (ci + cj), pjn = 1.0 - pin;
      // n's utilities, summed over i, j and n: i wins with n on its side, j wins against n and i, ...
      double ik_j = 0, j_ik = 0, i_jk = 0, jk_i = 0;
      switch (o_.third_party) {
        case ThirdParty::full:
          ik_j = uni + uni + uni, j_ik = unj + unj + unj, i_jk = uni + uni + uni, jk_i = unj + unj + unj;
          break;
        case ThirdParty::semi:
          ik_j = uni + uni + unn, j_ik = unj + unj + unj, i_jk = uni + uni + uni, jk_i = unj + unj + unn;
          break;
        case ThirdParty::none:
          ik_j = uni + uni + unn, j_ik = unj + unj + unn, i_jk = uni + uni + unn, jk_i = unj + unj + unn;
          break;
      }
      const double join_i = (pin * ik_j) + (pjn * j_ik);
      const double join_j = (pin * i_jk) + (pjn * jk_i);
      const double vn = vote<R>(wn, join_i, join_j);
      for_i = vn > 0 ? for_i + vn : for_i;
      for_j = vn < 0 ? for_j - vn : for_j;
    }
    const double p = for_i / (for_i + for_j), q = for_j / (for_i + for_j);
    const double status_quo = uii + uij;
    const double victory = uii + uii;
    const double contest = p * victory + q * (uij + uij);
    const double sj = total_salience_[j];
    return {p, ((1 - sj) * victory + sj * contest) - status_quo};
  }

  // The bargain between i and j, per issue, from i's probability p_i of winning and p_j = 1 - p_i (KTAB's
  // SMPActor::interpolateBrgn). "S1P1" and "S2P2" weigh each side by its salience times its probability, or
  // their squares; the initiator gets kMinWeight more, so that two indifferent actors stay put (KTAB's
  // deliberate asymmetry); rounded to 4 decimals. "S2PMax" moves only the less likely side, toward the other,
  // by the difference of the probabilities and the squared saliences, unrounded.
  Bargain interpolate(const Matrix& pos, std::size_t i, std::size_t j, double pi, double pj) const {
    Bargain b{i, j, pos[i], pos[j]};
    const auto round4 = [](double x) { return std::trunc(0.5 + x * kRound) / kRound; };
    for (std::size_t k = 0; k < pos[i].size(); ++k) {
      const double si = in_.salience[i][k], sj = in_.salience[j][k];
      const double ti = pos[i][k], tj = pos[j][k];
      if (o_.interpolation == Interpolation::s2pmax) {
        const double di = pj > pi ? pj - pi : 0, dj = pi > pj ? pi - pj : 0;
        const double si2 = si * si, sj2 = sj * sj;
        const double dik = (di * sj2) / ((di * sj2) + kMinWeight + ((1 - di) * si2));
        const double djk = (dj * si2) / ((dj * si2) + kMinWeight + ((1 - dj) * sj2));
        b.init_to[k] = ti + dik * (tj - ti);
        b.rcvr_to[k] = tj + djk * (ti - tj);
        continue;
      }
      const bool squared = o_.interpolation == Interpolation::s2p2;
      const double wi = squared ? (si * si) * (pi * pi) : si * pi;
      const double wj = squared ? (sj * sj) * (pj * pj) : sj * pj;
      const double den = wi + kMinWeight + wj;
      b.init_to[k] = round4(((wi + kMinWeight) * ti + wj * tj) / den);
      b.rcvr_to[k] = round4((wi * ti + (kMinWeight + wj) * tj) / den);
    }
    return b;
  }

  // The target's counter-proposal (bargain models initiator-receiver and power-weighted): KTAB interpolates it
  // with, in the place of a probability, the target's estimate of the challenger's expected gain
  // (SMPState::doBCN takes get<1> of probEduChlg, the gain, not get<0>, the probability). parley follows it so
  // that the two agree; docs/models.md §6.9.
  Bargain counter_offer(const Matrix& pos, std::size_t i, std::size_t j, double target_estimate) const {
    return interpolate(pos, i, j, target_estimate, 1 - target_estimate);
  }

  // Bargain model power-weighted: the challenger's and the target's proposals averaged, weighted by
  // capability x total salience. KTAB takes the challenger's capability for both sides (doBCN's scj reads
  // brgnJIJ->actInit, the challenger), so the weights are the two total saliences; parley follows it.
  Bargain compromise(const Bargain& own, const Bargain& counter) const {
    const std::size_t i = own.init, j = own.rcvr;
    const double wi = in_.capability[i] * total_salience_[i];
    const double wj = in_.capability[i] * total_salience_[j];
    if (!(wi + wj > 0)) return own;  // nobody weighs anything: the challenger's own proposal
    Bargain b = own;
    for (std::size_t k = 0; k < b.init_to.size(); ++k) {
      b.init_to[k] = (wi * own.init_to[k] + wj * counter.init_to[k]) / (wi + wj);
      b.rcvr_to[k] = (wi * own.rcvr_to[k] + wj * counter.rcvr_to[k]) / (wi + wj);
    }
    return b;
  }

  // h's value of the state a bargain would create: the mean of its utilities over all actors' positions.
  double bargain_value(const Assessed& a, std::size_t h, std::size_t index,
                       const std::vector<Bargain>& bargains) const {
    const std::vector<double>& own = a.own[h];
    double sum = 0;
    if (index == kStatusQuo) {
      sum = std::accumulate(own.begin(), own.end(), 0.0);
    } else {
      const Bargain& b = bargains[index];
      const double r = a.risk[h];
      sum += utility(distance(in_.salience[h], a.ideal[h], b.init_to), r);
      sum += utility(distance(in_.salience[h], a.ideal[h], b.rcvr_to), r);
      for (std::size_t n = 0; n < n_; ++n) {
        if (n != b.init && n != b.rcvr) {
          sum += own[n];
        }
      }
    }
    return sum / static_cast<double>(n_);
  }

  const SmpInput& in_;
  const SmpOptions& o_;
  std::size_t n_;
  unsigned threads_;
  std::vector<double> total_salience_;
  std::vector<double> weight_;  // total salience x capability: an actor's weight in a contest
};

// New ideals from new positions and the last ideals, in KTAB's order of operations.
Matrix accommodated(const Matrix& a, const Matrix& pos, const Matrix& last) {
  Matrix out = last;
  for (std::size_t i = 0; i < a.size(); ++i) {
    double total = 0.0;
    std::vector<double> x(pos[i].size(), 0.0);
    for (std::size_t j = 0; j < a.size(); ++j) {
      total = total + a[i][j];
      for (std::size_t k = 0; k < x.size(); ++k) x[k] = x[k] + a[i][j] * pos[j][k];
    }
    const double lag = 1.0 - std::min(total, 1.0);
    for (std::size_t k = 0; k < x.size(); ++k) out[i][k] = x[k] + lag * last[i][k];
  }
  return out;
}

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
  const Model model(input, options);
  SmpResult result;
  Winning winning;

  // Ideals follow positions unless the input accommodates them otherwise (KTAB's SMPState::newIdeals): after each
  // turn i's ideal becomes sum_j a_ij p_j + (1 - sum_j a_ij) times its last ideal.
  const bool accommodating = !input.accommodation.empty();
  Matrix ideal = input.position;
  auto add_state = [&](int turn, Matrix pos, SmpState state) -> Assessed {
    if (accommodating && turn > 0) ideal = accommodated(input.accommodation, pos, ideal);
    Assessed a = model.assess(pos, accommodating ? ideal : pos);
    if (accommodating) state.ideal = ideal;
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
    Matrix pos = model.turn(result.states.back().position, current, next, t);
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

void set_parameters(SmpOptions& options, const std::array<std::string, kSmpParameters.size()>& values) {
  for (std::size_t k = 0; k < values.size(); ++k) {
    if (values[k].empty()) continue;
    const auto i = smp_value_index(k, values[k]);
    if (!i) {
      throw UsageError("spatial model: expected " + core::quoted_list(smp_value_names(k)) + " for " +
                       std::string(kSmpParameters[k].key) + ", found '" + values[k] + "'");
    }
    switch (k) {
      case 0:
        options.victory = static_cast<VictoryModel>(*i);
        break;
      case 1:
        options.voting = static_cast<VotingRule>(*i);
        break;
      case 2:
        options.pce = static_cast<PceModel>(*i);
        break;
      case 3:
        options.transitions = static_cast<Transitions>(*i);
        break;
      case 4:
        options.risk_range = static_cast<RiskRange>(*i);
        break;
      case 5:
        options.risk_adjust = static_cast<RiskAdjust>(*i);
        break;
      case 6:
        options.third_party = static_cast<ThirdParty>(*i);
        break;
      case 7:
        options.interpolation = static_cast<Interpolation>(*i);
        break;
      default:
        options.bargain = static_cast<BargainModel>(*i);
        break;
    }
  }
}

std::array<std::string, kSmpParameters.size()> parameter_names(const SmpOptions& options) {
  const std::array<std::size_t, kSmpParameters.size()> index{
      static_cast<std::size_t>(options.victory),     static_cast<std::size_t>(options.voting),
      static_cast<std::size_t>(options.pce),         static_cast<std::size_t>(options.transitions),
      static_cast<std::size_t>(options.risk_range),  static_cast<std::size_t>(options.risk_adjust),
      static_cast<std::size_t>(options.third_party), static_cast<std::size_t>(options.interpolation),
      static_cast<std::size_t>(options.bargain)};
  std::array<std::string, kSmpParameters.size()> names;
  for (std::size_t k = 0; k < names.size(); ++k) names[k] = smp_value_names(k).at(index[k]);
  return names;
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
  // KTAB's ideal accommodation, from the identity, over the actors the model takes.
  if (scenario.models.smp && !scenario.models.smp->ideals.empty()) {
    const std::size_t n = in.ids.size();
    in.accommodation.assign(n, std::vector<double>(n, 0.0));
    for (std::size_t i = 0; i < n; ++i) in.accommodation[i][i] = 1.0;
    const auto index = [&](std::size_t actor) {
      return static_cast<std::size_t>(std::find(in.ids.begin(), in.ids.end(), scenario.actors[actor].id) -
                                      in.ids.begin());
    };
    for (const auto& x : scenario.models.smp->ideals) {
      const std::size_t i = index(x.actor), j = index(x.toward);
      if (i < n && j < n) in.accommodation[i][j] = x.rate;  // an actor without a stance is not in the model
    }
  }
  return in;
}

}  // namespace parley::forecast
