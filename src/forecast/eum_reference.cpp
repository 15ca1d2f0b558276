// The expected-utility round computed literally from docs/models.md §3, O(n^3): the oracle the fast step
// is tested against. Keep it plain; speed does not matter here.
#include <algorithm>
#include <cmath>
#include <vector>

#include "forecast/eum_detail.hpp"

namespace parley::forecast::detail {

namespace {

using Matrix = std::vector<std::vector<double>>;

// P(i, j) for every ordered pair, with exponents r (docs/models.md §3.2).
Matrix probabilities(const Model& model, std::span<const double> x, std::span<const double> r) {
  const std::size_t n = model.size();
  Matrix d(n, std::vector<double>(n));  // d[k][a] = (|x_k - x_a| / D)^r_k
  for (std::size_t k = 0; k < n; ++k) {
    for (std::size_t a = 0; a < n; ++a) d[k][a] = std::pow(std::fabs(x[k] - x[a]) / model.range, r[k]);
  }
  const auto vote = [&](std::size_t k, std::size_t a, std::size_t b) {  // v_k(a, b)
    return model.weight[k] * (d[k][b] - d[k][a]);
  };
  double all = 0;
  for (std::size_t k = 0; k < n; ++k) {
    for (std::size_t a = 0; a < n; ++a) {
      for (std::size_t b = 0; b < n; ++b) all += std::fabs(vote(k, a, b));
    }
  }
  Matrix votes(n, std::vector<double>(n, 0.0));
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      for (std::size_t k = 0; k < n; ++k) votes[i][j] += std::max(0.0, vote(k, i, j));
    }
  }
  Matrix p(n, std::vector<double>(n, 0.0));
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      if (x[i] != x[j]) p[i][j] = pair_probability(votes[i][j], votes[j][i], all, model.variant).ij;
    }
  }
  return p;
}

}  // namespace

Step reference_step(const Model& model, std::span<const double> x) {
  const std::size_t n = model.size();
  const std::vector<double> ones(n, 1.0);
  const Matrix p1 = probabilities(model, x, ones);
  std::vector<double> danger(n, 0.0);
  for (std::size_t a = 0; a < n; ++a) {
    for (std::size_t o = 0; o < n; ++o) {
      if (o == a) continue;
      const Utilities u = utilities(std::fabs(x[o] - x[a]) / model.range, 1.0);
      danger[a] += expected_utility(model.salience[a], p1[o][a], u, model.q);
    }
  }
  Step out;
  out.risk = risk_exponents(danger, model);
  const Matrix p = probabilities(model, x, out.risk);
  Choice choice(n, model.variant);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      if (x[j] == x[i]) continue;
      const Utilities u = utilities(std::fabs(x[i] - x[j]) / model.range, out.risk[i]);
      const double eu_ij = expected_utility(model.salience[j], p[i][j], u, model.q);
      const double eu_ji = expected_utility(model.salience[i], p[j][i], u, model.q);
      if (const auto offer = classify(eu_ij, eu_ji, x[i], x[j], model.variant)) {
        choice.consider(i, j, x[i], x[j], *offer);
      }
    }
  }
  out.moves = choice.moves();
  return out;
}

}  // namespace parley::forecast::detail
