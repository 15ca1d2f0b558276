// The votes of the expected-utility model between every two positions, exactly (docs/models.md §3.2; Scholz,
// Calbert & Smith 2011): in O(V u) time for V voters and u distinct positions, and in O(1) per pair once
// prepared when every exponent is 1 (docs/design/eum.md).
#pragma once

#include <algorithm>
#include <cstddef>
#include <memory>
#include <span>
#include <utility>
#include <vector>

namespace parley::forecast::detail {

/// For distinct positions X_0 < ... < X_{u-1} and g < h: the first position that is not nearer X_g than X_h,
/// searching from `from` (a previous answer for (g, h') with h' <= h, or g + 1). Distances are compared as
/// rounded, so that the split agrees with the comparison a voter's d_kg < d_kh makes: voters before it vote
/// for g or abstain, the others for h or abstain.
[[nodiscard]] inline std::size_t split(std::span<const double> x, std::size_t g, std::size_t h, std::size_t from) {
  std::size_t m = from;
  while (m < h && x[m] - x[g] < x[h] - x[m]) ++m;
  return m;
}

/// sum over unordered pairs of actors a, b of |d_a - d_b|, for one voter's values d over the positions
/// (`padded` = +inf, d_0, ..., d_{u-1}, +inf) with `counts[t]` actors at position t and the voter at `own`.
[[nodiscard]] double spread(std::span<const double> padded, std::span<const double> counts, std::size_t own,
                            double actors);

/// For voters k at the positions with weight w_k = c_k s_k and exponent r_k, with d_kg = (|x_k - X_g| / D)^r_k:
///   votes(g, h) = sum_k max(0, w_k (d_kh - d_kg))            (the numerator of P(g, h))
///   all_votes() = sum_k sum_a sum_b |w_k (d_ka - d_kb)|       (over ordered pairs of actors a, b)
/// Voter k prefers g to h exactly when it is nearer g, so with g < h the voters for g are those before the
/// pair's split: votes(g, h) = A_h(m) - A_g(m), A_t(m) the sum of w_k d_kt over the voters before position m.
/// One sweep over the voters in position order keeps every A_t(m) current. It either records each pair when it
/// reaches the pair's split (every_pair: O(u^2) memory, O(1) per look-up), or keeps A(m) at every S-th
/// position (checkpoints: O(u^2 / S) memory; a look-up adds the voters since the checkpoint before its split,
/// O(S) powers). S is kStride, or more where u^2 / kStride values would pass kCheckpointBytes (past 32,768
/// positions), so that the checkpoints never take more than kCheckpointBytes. The other direction follows from votes(g,
/// h) - votes(h, g) = T_h - T_g, with T_t = sum_k w_k d_kt.
class VoteTable {
 public:
  struct Voter {
    std::size_t group = 0;  // index of its position
    double weight = 0;      // >= 0
    double exponent = 1;    // > 0
  };
  enum class Keep { every_pair, checkpoints };
  static constexpr std::size_t kStride = 32;
  static constexpr double kCheckpointBytes = 256.0 * (1 << 20);
  /// How the work and memory are laid out; no vote depends on it but for `checkpoint_bytes` (a wider stride sums
  /// a look-up's voters from another checkpoint).
  struct Layout {
    unsigned threads = 1;                        // for the voters' rows (0: every core)
    std::size_t rows_per_block = 0;              // voters whose rows are made at once (0: about 64 MB of rows)
    double checkpoint_bytes = kCheckpointBytes;  // the checkpoints' bound
  };

  /// `positions` ascending and distinct; `voters` sorted by group; `range` = D > 0. Each voter's row of
  /// distances to the power of its exponent (the costly part: a logarithm and an exponential per position) is
  /// made on the layout's threads, a block of voters at a time, and the rows are added in voter order, so every
  /// sum is the same, bit for bit, whatever the thread count and the block.
  void build(std::span<const double> positions, std::span<const double> counts, std::span<const Voter> voters,
             double range, Keep keep, const Layout& layout);

  [[nodiscard]] double all_votes() const { return all_votes_; }
  /// max_t T_t, which bounds every votes(g, h).
  [[nodiscard]] double max_total() const { return max_total_; }

  /// (votes(g, h), votes(h, g)) for g < h, both >= 0.
  [[nodiscard]] std::pair<double, double> votes(std::size_t g, std::size_t h) const {
    const double left = std::max(0.0, keep_ == Keep::every_pair ? left_[row_start(g) + (h - g - 1)] : recount(g, h));
    return {left, std::max(0.0, left - (total_[h] - total_[g]))};
  }

 private:
  [[nodiscard]] std::size_t row_start(std::size_t g) const { return g * (2 * size_ - g - 1) / 2; }
  void record_pairs(std::size_t m);
  /// Position m's turn in the sweep: total_ holds A_t(m); records what the table keeps there.
  void reach(std::size_t m);
  /// The voter's d_kt into `padded` (+inf, d_0, ..., d_{u-1}, +inf) and its spread; `log` and `log_group` are the
  /// caller's cache of the logarithms of the distances from the last voter's position.
  [[nodiscard]] double row_of(const Voter& voter, std::span<const double> counts, double actors, double* padded,
                              std::vector<double>& log, std::size_t& log_group) const;
  [[nodiscard]] double recount(std::size_t g, std::size_t h) const;

  Keep keep_ = Keep::every_pair;
  std::size_t size_ = 0;
  double range_ = 1;
  std::vector<double> positions_;
  std::vector<Voter> voters_;
  std::vector<std::size_t> first_voter_;  // voters_ of position g: [first_voter_[g], first_voter_[g + 1])
  std::vector<double> total_;             // A_t(m) during the sweep, T_t after it
  std::vector<double> rows_, spreads_;    // a block of voters' padded rows and spreads
  double all_votes_ = 0, max_total_ = 0;
  // every_pair: votes(g, h), g < h, row by row (u (u - 1) / 2 values); and the sweep's bookkeeping: for each
  // left position g, its next partner h, the pair's split, and a bucket list of the positions whose next
  // split is m.
  std::unique_ptr<double[]> left_;
  std::size_t left_capacity_ = 0;
  std::vector<std::size_t> partner_, split_, next_, head_;
  // checkpoints: A(q stride_), u values per q
  std::size_t stride_ = kStride;
  std::vector<double> checkpoint_;
};

/// The same votes when every exponent is 1 (the dangers, docs/models.md §3.1), one voter per position: then both
/// sums are prefix-sum expressions and each pair of positions costs O(1). With y = X - X_0, a voter at t sees
/// positions p < q at distances differing by y_q - y_p when it is at or beyond one of them, and by
/// |2 y_t - y_p - y_q| between them, which changes sign at the pair's split m; so pair (p, q) adds
///   c_p c_q [(y_q - y_p)(W - (W_q - W_{p+1})) + sum_{p<t<q} w_t |2 y_t - y_p - y_q|] / D
/// to half of all_votes (W_t: the weight before position t), and votes(p, q) collects, from the voters at or
/// left of p, y_q - y_p each, and from those between p and the split, (y_q - y_t) - (y_t - y_p).
class LinearVotes {
 public:
  /// `weights[g]`: the summed weight of the actors at position g.
  void prepare(std::span<const double> positions, std::span<const double> counts, std::span<const double> weights,
               double range);

  /// Calls f(g, h, votes(g, h), votes(h, g)) for every pair g < h, row by row; all_votes() is known after.
  template <class F>
  void for_each_pair(std::span<const double> positions, F&& f) {
    const std::size_t u = y_.size();
    double all = 0;
    for (std::size_t g = 0; g + 1 < u; ++g) {
      const double yg = y_[g], wg = w_[g + 1], sg = s_[g + 1];
      std::size_t m = g + 1;
      double row = 0;
      for (std::size_t h = g + 1; h < u; ++h) {
        m = split(positions, g, h, m);
        const double yh = y_[h], sum = yg + yh, gap = yh - yg;
        const double near_g = sum * (w_[m] - wg) - 2 * (s_[m] - sg);        // sum over g < t < m of w_t (sum - 2 y_t)
        const double near_h = 2 * (s_[h] - s_[m]) - sum * (w_[h] - w_[m]);  // over m <= t < h of w_t (2 y_t - sum)
        row += counts_[h] * (gap * (w_[u] - (w_[h] - wg)) + near_g + near_h);
        f(g, h, std::max(0.0, (gap * wg + near_g) * per_range_),
          std::max(0.0, (gap * (w_[u] - w_[h]) + near_h) * per_range_));
      }
      all += counts_[g] * row;
    }
    all_votes_ = 2 * all * per_range_;
  }

  [[nodiscard]] double all_votes() const { return all_votes_; }

 private:
  std::vector<double> y_, counts_;
  std::vector<double> w_, s_;  // prefix sums of w and w y over the positions before t
  double per_range_ = 1, all_votes_ = 0;
};

}  // namespace parley::forecast::detail
