#include "analysis/rule.hpp"

#include <algorithm>
#include <limits>
#include <string>

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

// What one slice of the package space contributes.
struct Part {
  std::vector<std::uint32_t> choice;
  std::vector<double> share;
  double unanimous = 0;
  std::vector<std::vector<std::uint8_t>> used;
};

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
  out.used.resize(n);
  for (std::size_t k = 0; k < n; ++k) out.used[k].assign(space.issues[k].values.size(), 0);
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
  const std::size_t tasks = std::min<std::size_t>(packages, 256);
  const std::size_t per_task = (packages + tasks - 1) / tasks;
  std::vector<Part> parts(tasks);
  core::parallel_for(tasks, limits.threads, [&](std::size_t t) {
    Part& part = parts[t];
    part.used.resize(n);
    for (std::size_t k = 0; k < n; ++k) part.used[k].assign(space.issues[k].values.size(), 0);
    const std::size_t first = t * per_task, last = std::min(packages, first + per_task);
    if (first >= last) return;
    std::vector<std::size_t> package(n);
    std::size_t rest = first;
    for (std::size_t k = n; k-- > 0;) {
      const std::size_t radix = space.issues[k].values.size();
      package[k] = rest % radix;
      rest /= radix;
    }
    std::vector<double> values(n), u(m);
    std::vector<std::uint8_t> within(m), accepted(m);
    for (std::size_t x = first; x < last; ++x) {
      if (((x - first) & 0xFFFFU) == 0) check(limits);
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
        within[i] = inside ? 1 : 0;
        accepted[i] = inside && utility >= j.floor ? 1 : 0;
        all = all && accepted[i] != 0;
      }
      if (all) part.unanimous += 1;
      if (space.decision.passes(accepted)) {
        for (std::size_t k = 0; k < n; ++k) part.choice.push_back(static_cast<std::uint32_t>(package[k]));
        part.share.insert(part.share.end(), u.begin(), u.end());
      }
      if (space.decision.passes(within)) {
        for (std::size_t k = 0; k < n; ++k) part.used[k][package[k]] = 1;
      }
      for (std::size_t k = n; k-- > 0;) {
        if (++package[k] < space.issues[k].values.size()) break;
        package[k] = 0;
      }
    }
  });
  for (auto& part : parts) {
    out.passing.choice.insert(out.passing.choice.end(), part.choice.begin(), part.choice.end());
    out.passing.share.insert(out.passing.share.end(), part.share.begin(), part.share.end());
    out.unanimous += part.unanimous;
    for (std::size_t k = 0; k < n && !part.used.empty(); ++k) {
      for (std::size_t v = 0; v < out.used[k].size(); ++v) out.used[k][v] |= part.used[k][v];
    }
    part = Part{};
  }
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

std::vector<AgreedValues> agreed_by_rule(const Space& space, const Limits& limits) {
  std::vector<AgreedValues> out(space.issues.size());
  RuleEnumeration e;
  try {
    e = enumerate_by_rule(space, limits);
  } catch (const LimitError&) {
    for (auto& a : out) a.computed = false;
    return out;
  }
  for (std::size_t k = 0; k < space.issues.size(); ++k) {
    const SpaceIssue& issue = space.issues[k];
    AgreedValues& a = out[k];
    for (std::size_t r = 0; r < space.rules.size(); ++r) {
      const SpaceRule& rule = space.rules[r];
      if (rule.red_line && space.actors[rule.actor].party &&
          std::find(rule.issues.begin(), rule.issues.end(), k) != rule.issues.end())
        a.red_lines.push_back(r);
    }
    const auto& used = e.used[k];
    if (!issue.labels.empty()) {
      for (std::size_t v = 0; v < used.size(); ++v) {
        if (used[v] != 0) a.options.push_back(v);
      }
      continue;
    }
    // Consecutive grid values taken make one closed region.
    for (std::size_t v = 0; v < used.size(); ++v) {
      if (used[v] == 0) continue;
      if (v > 0 && used[v - 1] != 0) {
        a.regions.back().high = issue.values[v];
      } else {
        a.regions.push_back(Region{issue.values[v], issue.values[v], false, false});
      }
    }
  }
  return out;
}

Bridge bridge_by_rule(const Space& space, const BridgeLimits& limits) {
  const auto coalitions = minimal_coalitions(space.decision, space.parties.size());
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

std::string rule_text(const Space& space) {
  const Decision& d = space.decision;
  const std::size_t n = space.parties.size();
  if (d.unanimity) return "every party (unanimity)";
  const auto listed = [](const std::vector<std::string>& ids) {
    std::string out;
    for (std::size_t i = 0; i < ids.size(); ++i) out += (i == 0 ? "" : i + 1 == ids.size() ? " and " : ", ") + ids[i];
    return out;
  };
  std::vector<std::string> vetoes;
  for (std::size_t v : d.vetoes) vetoes.push_back(space.actors[space.parties[v]].id);
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
