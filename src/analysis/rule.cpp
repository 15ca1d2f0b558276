#include "analysis/rule.hpp"

#include <algorithm>
#include <atomic>
#include <limits>
#include <string>

#include "analysis/dominance.hpp"
#include "core/parallel.hpp"
#include "core/text.hpp"
#include "parley/error.hpp"

namespace parley::analysis {

namespace {

// One party's acceptance, split as the analyses need it: within its reservations and red lines (`limits`), and
// also at or above its no_deal level (`accepts`).
struct Judge {
  std::size_t actor = 0;
  std::vector<const SpaceRule*> red_lines;
  double floor = -1;  // no_deal - kUtilityEpsilon, or -1
};

// What one slice of the package space contributes: its passing packages that no other passing package of the
// slice dominates (the frontier of the union is the frontier of the slices' frontiers), and its counts.
struct Part {
  std::vector<std::uint32_t> choice;
  std::vector<double> share;
  double passing = 0, unanimous = 0;
};

// Packages per slice: enough to amortise a slice's filter, few enough that its candidates stay small.
constexpr std::size_t kSlicePackages = std::size_t{1} << 16;

}  // namespace

RuleEnumeration enumerate_by_rule(const Space& space, const Limits& limits) {
  RuleEnumeration out;
  const std::size_t n = space.issues.size(), m = space.parties.size();
  const double total = space.size();
  if (total > limits.max_block) {
    throw LimitError("under the decision rule the packages are decided one by one, and the space holds " +
                     core::format_number(total) + " of them, more than the limit of " +
                     core::format_number(limits.max_block) + "; coarsen the issues' steps");
  }
  for (std::size_t k = 0; k < n; ++k) out.passing.issues.push_back(k);
  if (total == 0 || m == 0) return out;

  std::vector<Judge> judges(m);
  for (std::size_t i = 0; i < m; ++i) {
    judges[i].actor = space.parties[i];
    const auto& nd = space.actors[space.parties[i]].no_deal;
    if (nd) judges[i].floor = *nd - kUtilityEpsilon;
  }
  for (const auto& rule : space.rules) {
    if (!rule.red_line) continue;
    for (auto& j : judges) {
      if (j.actor == rule.actor) j.red_lines.push_back(&rule);
    }
  }

  const auto packages = static_cast<std::size_t>(total);
  const std::size_t tasks = (packages + kSlicePackages - 1) / kSlicePackages;
  std::vector<Part> parts(tasks);
  std::atomic<std::size_t> held{0};
  core::parallel_for(tasks, limits.threads, [&](std::size_t t) {
    check(limits);
    Part part;
    const std::size_t first = t * kSlicePackages, last = std::min(packages, first + kSlicePackages);
    std::vector<std::size_t> package(n);
    std::size_t rest = first;
    for (std::size_t k = n; k-- > 0;) {
      const std::size_t radix = space.issues[k].values.size();
      package[k] = rest % radix;
      rest /= radix;
    }
    std::vector<double> values(n), u(m);
    std::vector<std::uint8_t> accepted(m);
    for (std::size_t x = first; x < last; ++x) {
      bool have_values = false;
      bool all = true;
      for (std::size_t i = 0; i < m; ++i) {
        const Judge& j = judges[i];
        const SpaceActor& a = space.actors[j.actor];
        double utility = 0;
        bool inside = true;
        for (std::size_t k = 0; k < n; ++k) {
          utility += a.share(k, package[k]);
          inside = inside && (a.excess[k].empty() || a.excess[k][package[k]] == 0);
        }
        for (const SpaceRule* r : j.red_lines) {
          if (!inside) break;
          if (!have_values) space.values_of(package, values), have_values = true;
          inside = r->holds(values);
        }
        u[i] = utility;
        accepted[i] = inside && utility >= j.floor ? 1 : 0;
        all = all && accepted[i] != 0;
      }
      if (all) part.unanimous += 1;
      if (space.decision.passes(accepted)) {
        part.passing += 1;
        for (std::size_t k = 0; k < n; ++k) part.choice.push_back(static_cast<std::uint32_t>(package[k]));
        part.share.insert(part.share.end(), u.begin(), u.end());
      }
      for (std::size_t k = n; k-- > 0;) {
        if (++package[k] < space.issues[k].values.size()) break;
        package[k] = 0;
      }
    }
    // Only the slice's undominated packages are kept, so memory follows the frontier, not the passing set.
    const auto keep = nondominated(part.share, m, limits.max_comparisons, 1);
    Part& kept = parts[t];
    kept.passing = part.passing;
    kept.unanimous = part.unanimous;
    for (const auto e : keep) {
      kept.choice.insert(kept.choice.end(), part.choice.begin() + static_cast<std::ptrdiff_t>(e * n),
                         part.choice.begin() + static_cast<std::ptrdiff_t>((e + 1) * n));
      kept.share.insert(kept.share.end(), part.share.begin() + static_cast<std::ptrdiff_t>(e * m),
                        part.share.begin() + static_cast<std::ptrdiff_t>((e + 1) * m));
    }
    if (held += keep.size(); held > limits.max_frontier) {
      throw LimitError("the passing packages' frontier grows past " + std::to_string(limits.max_frontier) +
                       " points; coarsen the issues' steps");
    }
  });
  double passing = 0;
  for (auto& part : parts) {
    out.passing.choice.insert(out.passing.choice.end(), part.choice.begin(), part.choice.end());
    out.passing.share.insert(out.passing.share.end(), part.share.begin(), part.share.end());
    passing += part.passing;
    out.unanimous += part.unanimous;
    part = Part{};
  }
  out.count = passing;
  return out;
}

std::vector<std::vector<std::size_t>> minimal_coalitions(const Decision& d, std::size_t parties, std::size_t max) {
  if (parties > 20) {
    throw LimitError("the decision rule's winning coalitions are listed only for up to 20 parties; this scenario has " +
                     std::to_string(parties));
  }
  std::vector<std::vector<std::size_t>> out;
  std::vector<std::uint8_t> accepted(parties);
  const auto set = [&](std::uint32_t mask) {
    for (std::size_t i = 0; i < parties; ++i) accepted[i] = (mask >> i) & 1U;
  };
  const std::uint32_t all = parties == 0 ? 0 : (std::uint32_t{1} << parties) - 1;
  for (std::uint32_t mask = 0; mask <= all; ++mask) {
    set(mask);
    if (!d.passes(accepted)) continue;
    bool minimal = true;
    for (std::size_t i = 0; i < parties && minimal; ++i) {
      if (accepted[i] == 0) continue;
      accepted[i] = 0;
      minimal = !d.passes(accepted);
      accepted[i] = 1;
    }
    if (!minimal) continue;
    std::vector<std::size_t> members;
    for (std::size_t i = 0; i < parties; ++i) {
      if ((mask >> i) & 1U) members.push_back(i);
    }
    out.push_back(std::move(members));
    if (out.size() > max) {
      throw LimitError("the decision rule has more than " + std::to_string(max) +
                       " minimal winning coalitions, more than what it would take searches one by one");
    }
    if (mask == all) break;
  }
  return out;
}

Space restricted_to(const Space& space, const std::vector<std::size_t>& coalition) {
  Space out = space;
  out.parties.clear();
  for (std::size_t p : space.parties) out.actors[p].party = false;
  for (std::size_t i : coalition) {
    out.parties.push_back(space.parties[i]);
    out.actors[space.parties[i]].party = true;
  }
  out.decision = Decision{};
  out.decision.settle(out.parties.size());
  return out;
}

Bridge bridge_by_rule(const Space& space, const BridgeLimits& limits) {
  std::vector<std::vector<std::size_t>> coalitions;
  try {
    coalitions = minimal_coalitions(space.decision, space.parties.size());
  } catch (const LimitError& e) {
    Bridge b;
    b.computed = false;
    b.found = false;
    b.not_computed = e.what();
    b.party_cost.assign(space.parties.size(), 0.0);
    return b;
  }
  std::optional<Bridge> best;
  double nodes = 0, lower = std::numeric_limits<double>::infinity();
  bool exact = true;
  for (const auto& c : coalitions) {
    Bridge b = bridge(restricted_to(space, c), limits);
    nodes += b.nodes;
    exact = exact && b.exact;
    if (b.found) lower = std::min(lower, b.lower_bound);
    // Party costs in the whole space's party order.
    std::vector<double> cost(space.parties.size(), 0.0);
    for (std::size_t i = 0; i < c.size(); ++i) cost[c[i]] = b.party_cost[i];
    b.party_cost = std::move(cost);
    const bool better =
        !best || (b.found && !best->found) || (b.found == best->found && b.cost < best->cost - kUtilityEpsilon);
    if (better) best = std::move(b);
  }
  if (!best) {
    Bridge none;
    none.found = false;
    none.party_cost.assign(space.parties.size(), 0.0);
    best = none;
  }
  // The search covered every coalition: exact only when each was, and no cheaper than the least of their bounds.
  best->nodes = nodes;
  best->exact = exact;
  if (best->found) best->lower_bound = std::min(best->cost, lower);
  return *best;
}

namespace {

std::string rule_words(const Decision& d, const std::vector<std::string>& ids) {
  const std::size_t n = ids.size();
  if (d.unanimity) return "every party (unanimity)";
  const auto listed = [](const std::vector<std::string>& items) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i)
      out += (i == 0 ? "" : i + 1 == items.size() ? " and " : ", ") + items[i];
    return out;
  };
  std::vector<std::string> vetoes;
  for (std::size_t v : d.vetoes) vetoes.push_back(ids[v]);
  std::vector<std::string> clauses;
  if (d.at_least > 0) {
    std::string c = "at least " + std::to_string(d.at_least) + " of the " + std::to_string(n) + " parties";
    if (!vetoes.empty()) c += ", " + listed(vetoes) + " among them";
    clauses.push_back(std::move(c));
  } else if (!vetoes.empty()) {
    clauses.push_back(listed(vetoes) + (vetoes.size() == 1 ? " (a veto)" : " (each a veto)"));
  }
  for (const auto& w : d.weighted) {
    clauses.push_back("parties holding at least " + core::format_number(core::snap_decimal(100 * w.share)) +
                      "% of the total " + w.name);
  }
  if (clauses.empty()) return "any package (the rule asks nothing)";
  return listed(clauses);
}

}  // namespace

std::string rule_text(const Space& space) {
  std::vector<std::string> ids;
  for (const std::size_t p : space.parties) ids.push_back(space.actors[p].id);
  return rule_words(space.decision, ids);
}

std::string rule_text(const Scenario& s) {
  std::vector<std::size_t> parties;
  std::vector<std::string> ids;
  for (std::size_t a = 0; a < s.actors.size(); ++a) {
    if (s.actors[a].role == Role::party) parties.push_back(a), ids.push_back(s.actors[a].id);
  }
  return rule_words(decision_of(s, parties), ids);
}

std::vector<std::uint8_t> acceptances(const Space& space, std::span<const std::size_t> package) {
  std::vector<std::uint8_t> out(space.parties.size());
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = space.accepts(space.parties[i], package) ? 1 : 0;
  return out;
}

std::vector<std::size_t> pivotal(const Space& space, std::span<const std::size_t> package) {
  auto accepted = acceptances(space, package);
  std::vector<std::size_t> out;
  if (!space.decision.passes(accepted)) return out;
  for (std::size_t i = 0; i < accepted.size(); ++i) {
    if (accepted[i] == 0) continue;
    accepted[i] = 0;
    if (!space.decision.passes(accepted)) out.push_back(i);
    accepted[i] = 1;
  }
  return out;
}

}  // namespace parley::analysis
