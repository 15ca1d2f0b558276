#include "analysis/adjusted_winner.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace parley::analysis {

namespace {

constexpr double kPointsEpsilon = 1e-9;  // points are sums of products of user numbers: compare them loosely

bool continuous(const SpaceIssue& issue) {
  return issue.labels.empty();
}

// Party a's value v_ak at x: the tent of docs/models.md §2.2 on a continuous issue (exact off the grid), else the
// grid value's.
double value_at(const SpaceActor& a, const SpaceIssue& issue, std::size_t k, double x) {
  if (continuous(issue) && a.position[k]) return std::clamp(1.0 - std::abs(x - *a.position[k]) / issue.range, 0.0, 1.0);
  const auto j =
      static_cast<std::size_t>(std::min_element(issue.values.begin(), issue.values.end(),
                                                [&](double p, double q) { return std::abs(p - x) < std::abs(q - x); }) -
                               issue.values.begin());
  return a.value[k][j];
}

double utility_at(const Space& space, const SpaceActor& a, const std::vector<double>& values) {
  if (a.indifferent) return 1.0;
  double u = 0;
  for (std::size_t k = 0; k < values.size(); ++k) u += a.weight[k] * value_at(a, space.issues[k], k, values[k]);
  return u;
}

// Whether the actor accepts the package with these issue values (docs/models.md §2.3), off the grid too.
bool accepts_at(const Space& space, std::size_t actor, const std::vector<double>& values) {
  const SpaceActor& a = space.actors[actor];
  for (std::size_t k = 0; k < values.size(); ++k) {
    if (!a.allows(k, values[k], 1e-9 * space.issues[k].range)) return false;
  }
  if (a.no_deal && utility_at(space, a, values) < *a.no_deal - kUtilityEpsilon) return false;
  return std::all_of(space.rules.begin(), space.rules.end(),
                     [&](const SpaceRule& r) { return !r.red_line || r.actor != actor || r.holds(values); });
}

// The value of issue k that party `me` would set if the issue were its: its position on a continuous issue, else
// its best option (ties: the one `other` values most, so that wanting the same value is seen as such).
std::optional<double> best_value(const Space& space, const SpaceActor& me, const SpaceActor& other, std::size_t k) {
  const SpaceIssue& issue = space.issues[k];
  if (me.indifferent || me.weight[k] <= 0) return std::nullopt;
  if (continuous(issue)) return me.position[k];
  std::size_t best = 0;
  for (std::size_t j = 1; j < issue.values.size(); ++j) {
    const double mine = me.value[k][j], top = me.value[k][best];
    if (mine > top + kUtilityEpsilon ||
        (mine >= top - kUtilityEpsilon && other.value[k][j] > other.value[k][best] + kUtilityEpsilon))
      best = j;
  }
  return issue.values[best];
}

// A value of issue k for when neither party cares: among the grid values both parties' reservations allow (all of
// them when none does), the one nearest the middle of their positions (of the scale without positions).
double neutral_value(const Space& space, std::size_t k) {
  const SpaceIssue& issue = space.issues[k];
  double middle = (issue.values.front() + issue.values.back()) / 2;
  double sum = 0;
  int count = 0;
  for (const std::size_t p : space.parties) {
    if (const auto& pos = space.actors[p].position[k]) sum += *pos, ++count;
  }
  if (count > 0) middle = sum / count;
  std::optional<std::size_t> pick;
  for (const bool within_limits : {true, false}) {
    for (std::size_t j = 0; j < issue.values.size(); ++j) {
      const bool ok = std::all_of(space.parties.begin(), space.parties.end(), [&](std::size_t p) {
        const auto& excess = space.actors[p].excess[k];
        return excess.empty() || excess[j] == 0;
      });
      if (within_limits && !ok) continue;
      if (!pick || std::abs(issue.values[j] - middle) < std::abs(issue.values[*pick] - middle)) pick = j;
    }
    if (pick) break;
  }
  return issue.values[*pick];
}

}  // namespace

AdjustedWinner adjusted_winner(const Space& space) {
  AdjustedWinner aw;
  if (space.parties.size() != 2) {
    aw.reason = "it divides issues between exactly two parties; this space has " + std::to_string(space.parties.size());
    return aw;
  }
  const std::size_t n = space.issues.size();
  const std::array<const SpaceActor*, 2> party{&space.actors[space.parties[0]], &space.actors[space.parties[1]]};
  // Each party's best value per issue, and what it gains between the other's best and its own.
  std::array<std::vector<double>, 2> best, gain;
  aw.to.assign(n, AdjustedWinner::To::both);
  aw.values.assign(n, 0.0);
  std::vector<bool> cared(n, true);
  std::vector<int> only(n, -1);  // the one party that cares about the issue, when the other does not
  for (std::size_t k = 0; k < n; ++k) {
    const SpaceIssue& issue = space.issues[k];
    const auto b0 = best_value(space, *party[0], *party[1], k), b1 = best_value(space, *party[1], *party[0], k);
    // A party that does not care gains nothing either way: the issue is the other's (its best value for both).
    // When neither cares, a value both parties' limits allow.
    cared[k] = b0 || b1;
    if (b0.has_value() != b1.has_value()) only[k] = b0 ? 0 : 1;
    const double x0 = b0 ? *b0 : b1 ? *b1 : neutral_value(space, k);
    const double x1 = b1.value_or(x0);
    best[0].push_back(x0);
    best[1].push_back(x1);
    for (std::size_t p = 0; p < 2; ++p) {
      const SpaceActor& a = *party[p];
      const double own = p == 0 ? x0 : x1, theirs = p == 0 ? x1 : x0;
      gain[p].push_back(a.indifferent ? 0.0
                                      : a.weight[k] * (value_at(a, issue, k, own) - value_at(a, issue, k, theirs)));
    }
    aw.values[k] = x0;
  }
  for (std::size_t p = 0; p < 2; ++p) {
    const double total = std::accumulate(gain[p].begin(), gain[p].end(), 0.0);
    if (total <= kUtilityEpsilon) {
      aw.reason = "party " + party[p]->id + " gains nothing from any issue the two parties want differently";
      return aw;
    }
    for (double g : gain[p]) aw.points[p].push_back(100 * g / total);
  }

  // Each contested issue to the party that gives it more points (ties: the first party).
  std::array<double, 2> total{};
  std::vector<int> owner(n, -1);
  for (std::size_t k = 0; k < n; ++k) {
    if (!cared[k]) {
      aw.to[k] = AdjustedWinner::To::neither;
      continue;
    }
    // Both want the same value, or only one cares: no one gives anything up, and it counts for neither.
    if (best[0][k] == best[1][k]) {
      if (only[k] >= 0) aw.to[k] = only[k] == 0 ? AdjustedWinner::To::first : AdjustedWinner::To::second;
      continue;
    }
    owner[k] = aw.points[1][k] > aw.points[0][k] + kPointsEpsilon ? 1 : 0;
    total[static_cast<std::size_t>(owner[k])] += aw.points[static_cast<std::size_t>(owner[k])][k];
  }
  // The party ahead hands issues over, the smallest ratio of its points to the other's first, until level.
  std::optional<std::size_t> split;
  double share_to_loser = 0;
  if (std::abs(total[0] - total[1]) > kPointsEpsilon) {
    const std::size_t w = total[0] > total[1] ? 0 : 1, l = 1 - w;
    std::vector<std::size_t> order;
    for (std::size_t k = 0; k < n; ++k) {
      if (owner[k] == static_cast<int>(w)) order.push_back(k);
    }
    // Ratio points_w / points_l, compared as products so that an issue the loser does not value comes last.
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return aw.points[w][a] * aw.points[l][b] < aw.points[w][b] * aw.points[l][a];
    });
    for (std::size_t k : order) {
      const double pw = aw.points[w][k], pl = aw.points[l][k];
      if (total[w] - pw >= total[l] + pl - kPointsEpsilon) {
        total[w] -= pw;
        total[l] += pl;
        owner[k] = static_cast<int>(l);
        if (std::abs(total[w] - total[l]) <= kPointsEpsilon) break;
        continue;
      }
      share_to_loser = (total[w] - total[l]) / (pw + pl);
      total[w] -= share_to_loser * pw;
      total[l] += share_to_loser * pl;
      split = k;
      if (!continuous(space.issues[k])) {
        aw.reason = "equitability needs issue " + space.issues[k].id + " split (" +
                    std::to_string(static_cast<int>(std::round(100 * share_to_loser))) + "% to " + party[l]->id +
                    "), and it has no values between its listed ones (options, or a GENIUS domain's values)";
        return aw;
      }
      aw.first_share = l == 0 ? share_to_loser : 1 - share_to_loser;
      break;
    }
  }
  for (std::size_t k = 0; k < n; ++k) {
    if (owner[k] < 0) continue;
    aw.to[k] = owner[k] == 0 ? AdjustedWinner::To::first : AdjustedWinner::To::second;
    aw.values[k] = best[static_cast<std::size_t>(owner[k])][k];
  }
  if (split) {
    const std::size_t k = *split;
    aw.to[k] = AdjustedWinner::To::split;
    aw.split = k;
    // The first party's share f of the way from the second's best value to its own.
    aw.values[k] = best[1][k] + aw.first_share * (best[0][k] - best[1][k]);
  }
  aw.applies = true;
  aw.total = total;
  for (std::size_t k = 0; k < n; ++k) {
    const auto& v = space.issues[k].values;
    const auto at = std::find(v.begin(), v.end(), aw.values[k]);
    aw.option.push_back(at == v.end() ? std::nullopt
                                      : std::optional<std::size_t>(static_cast<std::size_t>(at - v.begin())));
  }
  for (std::size_t p = 0; p < 2; ++p) {
    aw.utility[p] = utility_at(space, *party[p], aw.values);
    aw.accepts[p] = accepts_at(space, space.parties[p], aw.values);
  }
  return aw;
}

}  // namespace parley::analysis
