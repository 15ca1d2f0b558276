#include "sim/outcomes.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <limits>
#include "analysis/pareto.hpp"
#include "core/text.hpp"
#include "parley/error.hpp"

namespace parley::sim {

std::size_t Outcomes::choice(Package x, std::size_t k) const {
  std::size_t n = x;
  for (std::size_t q = space->issues.size(); q-- > k + 1;) n /= space->issues[q].values.size();
  return n % space->issues[k].values.size();
}

Package Outcomes::with_choice(Package x, std::size_t k, std::size_t j) const {
  std::size_t stride = 1;
  for (std::size_t q = space->issues.size(); q-- > k + 1;) stride *= space->issues[q].values.size();
  const std::size_t old = choice(x, k);
  return static_cast<Package>(x + (j * stride) - (old * stride));
}

std::vector<std::size_t> Outcomes::grid_indices(Package x) const {
  std::vector<std::size_t> out(space->issues.size());
  std::size_t n = x;
  for (std::size_t k = space->issues.size(); k-- > 0;) {
    out[k] = n % space->issues[k].values.size();
    n /= space->issues[k].values.size();
  }
  return out;
}

namespace {

// The package nearest, issue by issue, to an actor's positions (the middle of an issue it takes no stance on).
Package nearest_to(const Outcomes& o, const analysis::SpaceActor& actor) {
  Package x = 0;
  for (std::size_t k = 0; k < o.space->issues.size(); ++k) {
    const auto& values = o.space->issues[k].values;
    std::size_t best = values.size() / 2;
    if (k < actor.position.size() && actor.position[k]) {
      for (std::size_t j = 0; j < values.size(); ++j) {
        if (std::abs(values[j] - *actor.position[k]) < std::abs(values[best] - *actor.position[k])) best = j;
      }
    }
    x = static_cast<Package>(x * values.size() + best);
  }
  return x;
}

}  // namespace

Outcomes outcomes_of(const analysis::Space& space, const analysis::PackageAnalysis& pa,
                     std::optional<std::size_t> mediator) {
  if (space.parties.empty()) {
    throw DataError("nothing to negotiate: the scenario has no actor with role 'party'");
  }
  if (space.size() > kMaxOutcomes) {
    throw LimitError(core::format_number(space.size()) + " packages are too many to simulate (at most " +
                     core::format_number(kMaxOutcomes) + "): coarsen the issues' steps");
  }
  Outcomes o;
  o.space = &space;
  o.count = static_cast<std::size_t>(space.size());
  o.parties = space.parties;
  const std::size_t m = o.parties.size();
  o.utility.resize(o.count * m);
  o.acceptable.resize(o.count * m);
  for (const std::size_t p : o.parties) o.reservation.push_back(space.actors[p].disagreement);
  std::vector<std::size_t> package(space.issues.size(), 0);
  for (std::size_t x = 0; x < o.count; ++x) {
    for (std::size_t i = 0; i < m; ++i) {
      o.utility[x * m + i] = space.actors[o.parties[i]].utility(package);
      o.acceptable[x * m + i] = space.accepts(o.parties[i], package) ? 1 : 0;
    }
    for (std::size_t k = space.issues.size(); k-- > 0;) {  // next package: the last issue fastest
      if (++package[k] < space.issues[k].values.size()) break;
      package[k] = 0;
    }
  }
  o.ladder.resize(m);
  o.ladder_utility.resize(m);
  for (std::size_t i = 0; i < m; ++i) {
    auto& ladder = o.ladder[i];
    for (std::size_t x = 0; x < o.count; ++x) {
      if (o.acceptable[x * m + i] != 0) ladder.push_back(static_cast<Package>(x));
    }
    std::stable_sort(ladder.begin(), ladder.end(), [&](Package a, Package b) { return o.u(a, i) < o.u(b, i); });
    for (const Package x : ladder) o.ladder_utility[i].push_back(o.u(x, i));
  }
  // The frontier and the Nash solution as `parley analyze` computes them (docs/models.md §2.6-2.7): one package
  // per utility vector, the one whose values are smallest issue by issue.
  const auto number = [&](const std::vector<std::size_t>& grid) {
    std::size_t x = 0;
    for (std::size_t k = 0; k < grid.size(); ++k) x = x * space.issues[k].values.size() + grid[k];
    return static_cast<Package>(x);
  };
  for (const auto& point : pa.frontier.points)
    o.frontier.push_back(number(analysis::package_of(space, pa.blocks, point)));
  std::stable_sort(o.frontier.begin(), o.frontier.end(), [&](Package a, Package b) { return o.u(a, 0) > o.u(b, 0); });
  if (pa.solutions.nash) o.nash = pa.frontier.points[*pa.solutions.nash].utilities;
  o.mediator = mediator;
  o.start_text = o.mediator ? nearest_to(o, space.actors[*o.mediator]) : nearest_to(o, analysis::SpaceActor{});
  return o;
}

std::optional<double> distance_to_frontier(const Outcomes& o, Package x) {
  if (o.frontier.empty()) return std::nullopt;
  double best = std::numeric_limits<double>::infinity();
  for (const Package f : o.frontier) {
    double d2 = 0;
    for (std::size_t i = 0; i < o.party_count(); ++i) d2 += (o.u(x, i) - o.u(f, i)) * (o.u(x, i) - o.u(f, i));
    best = std::min(best, d2);
  }
  return std::sqrt(best);
}

std::optional<double> distance_to_nash(const Outcomes& o, Package x) {
  if (!o.nash) return std::nullopt;
  double d2 = 0;
  for (std::size_t i = 0; i < o.party_count(); ++i) d2 += (o.u(x, i) - (*o.nash)[i]) * (o.u(x, i) - (*o.nash)[i]);
  return std::sqrt(d2);
}

double ratification(const Outcomes& o, Package x) {
  return o.space->ratification(o.grid_indices(x));
}

double expected_utility(const Outcomes& o, Package x, std::size_t i, double ratified) {
  return ratified * o.u(x, i) + (1 - ratified) * o.reservation[i];
}

}  // namespace parley::sim
