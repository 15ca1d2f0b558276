// Pieces of the expected-utility model shared by the fast step and the O(n^3) reference (docs/models.md §3).
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <span>
#include <vector>

#include "forecast/eum.hpp"

namespace parley::forecast::detail {

/// Expected utilities closer than this count as equal in every comparison that decides an offer (x, y, 0, |x|):
/// utilities lie in [-4, 4] and carry rounding noise near 1e-16, so mathematically equal values (mirror-image
/// actors) are never told apart by noise.
inline constexpr double kEuTie = 1e-12;
/// The actors' dangers count as all equal (R = 0, so r = 1) when their spread is below this fraction of the
/// largest |danger|, or of 1 (the utilities' scale) when all are smaller: equal dangers computed in different
/// orders differ in their last bits, and R = (2 danger - max - min) / (max - min) would magnify that.
inline constexpr double kDangerTie = 1e-12;

/// What stays fixed through a run; per actor in input order.
struct Model {
  std::vector<double> weight;    // capability * salience: votes and the summary statistics
  std::vector<double> salience;  // 0..1
  std::vector<std::optional<double>> risk;
  double range = 1;  // D > 0
  double q = 1;
  EumOptions::Variant variant = EumOptions::Variant::scholz;
  unsigned threads = 1;  // for the votes' rows (VoteTable::build); no result depends on it

  [[nodiscard]] std::size_t size() const { return weight.size(); }
};

/// Utilities, as an actor with risk exponent r sees them, of a challenge across distance delta = |x_a - x_b| / D
/// (docs/models.md §3.3; Bueno de Mesquita 1994, eq. 3-5 with Scholz et al.'s scaling).
struct Utilities {
  double success = 0, failure = 0, status_quo = 0;
};

/// `half` is 0.5^r, which a caller can compute once per actor.
[[nodiscard]] inline Utilities utilities(double delta, double r, double half) {
  // pow(t, 1) is t exactly, so this shortcut changes no bit, only the time the dangers take.
  if (r == 1) return {2 - 4 * (0.5 - 0.5 * delta), 2 - 4 * (0.5 + 0.5 * delta), 2 - 4 * half};
  return {2 - 4 * std::pow(0.5 - 0.5 * delta, r), 2 - 4 * std::pow(0.5 + 0.5 * delta, r), 2 - 4 * half};
}

[[nodiscard]] inline Utilities utilities(double delta, double r) {
  return utilities(delta, r, std::pow(0.5, r));
}

/// EU_p(a -> b) (docs/models.md §3.4): b resists with probability s_b; a wins with probability p = P(a, b).
[[nodiscard]] inline double expected_utility(double s_b, double p, const Utilities& u, double q) {
  return s_b * (p * u.success + (1 - p) * u.failure) + (1 - s_b) * u.success - q * u.status_quo;
}

/// P(i, j) and P(j, i) from the votes for each side. scholz: over `all_votes`, the sum over every voter and
/// ordered pair (0 when nobody has a vote); bdm: per pair, P(i, j) + P(j, i) = 1 (1/2 each when no votes).
struct PairProbability {
  double ij = 0, ji = 0;
};

[[nodiscard]] inline PairProbability pair_probability(double votes_ij, double votes_ji, double all_votes,
                                                      EumOptions::Variant variant) {
  if (variant == EumOptions::Variant::bdm) {
    const double both = votes_ij + votes_ji;
    return both > 0 ? PairProbability{votes_ij / both, votes_ji / both} : PairProbability{0.5, 0.5};
  }
  return all_votes > 0 ? PairProbability{votes_ij / all_votes, votes_ji / all_votes} : PairProbability{};
}

/// The risk exponents of a round from the dangers computed with r = 1 (docs/models.md §3.1); fixed risks kept.
[[nodiscard]] std::vector<double> risk_exponents(std::span<const double> danger, const Model& model);

/// An offer i receives from j (docs/models.md §3.5): x = EU_i(i -> j), y = EU_i(j -> i).
struct Candidate {
  MoveKind kind = MoveKind::confrontation;
  double x = 0, y = 0, to = 0;
};

/// Classifies (x, y) for i at `pos_i` and j at `pos_j`, comparing with kEuTie; nothing when there is no offer.
[[nodiscard]] std::optional<Candidate> classify(double x, double y, double pos_i, double pos_j,
                                                EumOptions::Variant variant);

/// Each actor's best offer so far (docs/models.md §3.6). The order in which offers are considered does not
/// matter: ties go to the proposer first in input order.
class Choice {
 public:
  Choice(std::size_t actors, EumOptions::Variant variant) : best_(actors), variant_(variant) {}
  void consider(std::size_t actor, std::size_t proposer, double pos_actor, double pos_proposer, const Candidate& c);
  /// |to - pos_actor| of `actor`'s best offer so far if that is a confrontation, else +inf.
  [[nodiscard]] double confrontation_reach(std::size_t actor) const {
    const Best& b = best_[actor];
    return b.any && b.rank == 0 ? b.key : std::numeric_limits<double>::infinity();
  }
  /// Whether `actor`'s best offer so far beats a confrontation from `proposer`, and so (scholz, where
  /// confrontations rank first) every offer it could make.
  [[nodiscard]] bool beats_confrontation(std::size_t actor, std::size_t proposer, double pos_actor,
                                         double pos_proposer) const;
  /// The offers taken, by actor in input order.
  [[nodiscard]] std::vector<Move> moves() const;

 private:
  struct Best {
    bool any = false;
    int rank = 0;    // scholz: confrontations (0) before compromises (1)
    double key = 0;  // smaller is better
    std::size_t proposer = 0;
    Candidate offer;
  };
  std::vector<Best> best_;
  EumOptions::Variant variant_;
};

/// One round's work: exponents and the offers taken, from the positions at the start of the round.
struct Step {
  std::vector<double> risk;
  std::vector<Move> moves;
};

/// Computes one round; an object so that it can keep its buffers between rounds.
class Stepper {
 public:
  virtual ~Stepper() = default;
  [[nodiscard]] virtual Step step(const Model& model, std::span<const double> positions) = 0;
};

/// The literal O(n^3) step from positions `x` (eum_reference.cpp); the fast one is FastStepper (eum_fast.hpp).
[[nodiscard]] Step reference_step(const Model& model, std::span<const double> x);

/// The round loop and stop rules shared by run_eum and eum_reference.
[[nodiscard]] EumResult run_model(const EumInput& input, const EumOptions& options, Stepper& stepper,
                                  const RoundCallback& on_round);

}  // namespace parley::forecast::detail
