// The rules of a round shared by the fast step and the reference: exponents, offers, choices (docs/models.md
// §3.1, §3.5, §3.6).
#include "forecast/eum_detail.hpp"

#include <algorithm>
#include <cmath>

namespace parley::forecast::detail {

std::vector<double> risk_exponents(std::span<const double> danger, const Model& model) {
  const std::size_t n = danger.size();
  std::vector<double> r(n, 1.0);
  if (n == 0) return r;
  const auto [lo, hi] = std::minmax_element(danger.begin(), danger.end());
  const double spread = *hi - *lo;
  const bool all_equal = !(spread > kDangerTie * std::max({1.0, std::fabs(*lo), std::fabs(*hi)}));
  for (std::size_t a = 0; a < n; ++a) {
    if (model.risk[a]) {
      r[a] = *model.risk[a];
    } else if (!all_equal) {
      const double big_r = (2 * danger[a] - *hi - *lo) / spread;  // in [-1, 1]
      r[a] = (1 - big_r / 3) / (1 + big_r / 3);                   // in [0.5, 2]
    }
  }
  return r;
}

std::optional<Candidate> classify(double x, double y, double pos_i, double pos_j, EumOptions::Variant variant) {
  const auto above = [](double a, double b) { return a - b > kEuTie; };
  if (!above(y, x)) return std::nullopt;
  if (above(x, 0)) return Candidate{MoveKind::confrontation, x, y, pos_j};  // y > x > 0: i expects to lose
  if (above(0, x) && above(y, 0)) {
    if (above(y, -x)) return Candidate{MoveKind::compromise, x, y, pos_i + (pos_j - pos_i) * std::fabs(x / y)};
    // Scholz et al.'s code tests this branch as y < |y|, which never holds (docs/models.md §3.5, §3.8).
    if (variant == EumOptions::Variant::bdm && above(-x, y)) return Candidate{MoveKind::capitulation, x, y, pos_j};
  }
  return std::nullopt;
}

void Choice::consider(std::size_t actor, std::size_t proposer, double pos_actor, double pos_proposer,
                      const Candidate& c) {
  int rank = 0;
  double key = std::fabs(c.to - pos_actor);  // the move it asks for
  if (variant_ == EumOptions::Variant::scholz && c.kind == MoveKind::compromise) {
    // Scholz et al.'s code ranks compromises by this weighted position, smallest first (docs/models.md §3.6).
    rank = 1;
    const double ax = std::fabs(c.x), ay = std::fabs(c.y);
    key = (ax * pos_actor + ay * pos_proposer) / (ax + ay);
  }
  Best& b = best_[actor];
  const bool better =
      !b.any || rank < b.rank || (rank == b.rank && (key < b.key || (key == b.key && proposer < b.proposer)));
  if (better) b = {true, rank, key, proposer, c};
}

bool Choice::beats_confrontation(std::size_t actor, std::size_t proposer, double pos_actor, double pos_proposer) const {
  const Best& b = best_[actor];
  const double key = std::fabs(pos_proposer - pos_actor);
  return b.any && b.rank == 0 && (b.key < key || (b.key == key && b.proposer < proposer));
}

std::vector<Move> Choice::moves() const {
  std::vector<Move> out;
  for (std::size_t i = 0; i < best_.size(); ++i) {
    const Best& b = best_[i];
    if (b.any) out.push_back({i, b.proposer, b.offer.kind, b.offer.x, b.offer.y, b.offer.to});
  }
  return out;
}

}  // namespace parley::forecast::detail
