#include "analysis/agreed.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace parley::analysis {

namespace {

// Rule evaluations one issue may cost before it is reported as not computed.
constexpr double kMaxWork = 4e6;

bool is_party(const Space& space, std::size_t actor) {
  return std::find(space.parties.begin(), space.parties.end(), actor) != space.parties.end();
}

// Whether every party's reservation on issue k allows x (docs/models.md §2.3, condition 1).
bool within_limits(const Space& space, std::size_t k, double x) {
  const double tolerance = 1e-9 * space.issues[k].range;
  for (const std::size_t p : space.parties) {
    const auto& a = space.actors[p];
    if (!a.allows(k, x, tolerance)) return false;
  }
  return true;
}

// Whether party p's reservation on issue k allows x.
bool party_allows(const Space& space, std::size_t p, std::size_t k, double x) {
  const auto& a = space.actors[p];
  return a.allows(k, x, 1e-9 * space.issues[k].range);
}

// The values tried on an issue: its grid values and, on a continuous issue, one inside each gap between them
// (between breakpoints every party's answer is the same throughout a gap).
struct Candidates {
  std::vector<double> value;
  std::vector<bool> inside_gap;
  bool named = false;  // an issue with named values: the candidates are its grid indices' values, no gaps
};

Candidates candidates_of(const SpaceIssue& issue) {
  Candidates c;
  c.named = !issue.labels.empty();
  for (std::size_t j = 0; j < issue.values.size(); ++j) {
    if (!c.named && j > 0) {
      c.value.push_back((issue.values[j - 1] + issue.values[j]) / 2);
      c.inside_gap.push_back(true);
    }
    c.value.push_back(issue.values[j]);
    c.inside_gap.push_back(false);
  }
  return c;
}

// The allowed candidates as the issue's options, or as regions: runs of allowed candidates, a run that starts or
// ends inside a gap open at the value beside it (which is not allowed).
void set_allowed(const Candidates& cand, const std::vector<bool>& ok, AgreedValues& out) {
  const auto& v = cand.value;
  if (cand.named) {
    for (std::size_t c = 0; c < v.size(); ++c)
      if (ok[c]) out.options.push_back(c);
    return;
  }
  for (std::size_t c = 0; c < v.size();) {
    if (!ok[c]) {
      ++c;
      continue;
    }
    std::size_t e = c;
    while (e + 1 < v.size() && ok[e + 1]) ++e;
    Region r;
    r.low_open = cand.inside_gap[c];
    r.low = cand.inside_gap[c] ? v[c - 1] : v[c];
    r.high_open = cand.inside_gap[e];
    r.high = cand.inside_gap[e] ? v[e + 1] : v[e];
    out.regions.push_back(r);
    c = e + 1;
  }
}

std::size_t root(std::vector<std::size_t>& parent, std::size_t i) {
  while (parent[i] != i) i = parent[i] = parent[parent[i]];
  return i;
}

}  // namespace

std::vector<AgreedValues> agreed_values(const Space& space) {
  if (!space.decision.unanimity) return agreed_by_rule(space);
  const std::size_t n = space.issues.size();
  std::vector<AgreedValues> out(n);
  // The parties' red lines, and the blocks of issues they read together.
  std::vector<std::size_t> rules;
  std::vector<std::size_t> parent(n);
  std::iota(parent.begin(), parent.end(), std::size_t{0});
  for (std::size_t r = 0; r < space.rules.size(); ++r) {
    const auto& rule = space.rules[r];
    if (!rule.red_line || !is_party(space, rule.actor)) continue;
    rules.push_back(r);
    for (const std::size_t k : rule.issues) {
      parent[root(parent, k)] = root(parent, rule.issues.front());
      out[k].red_lines.push_back(r);
    }
  }
  // Each issue's values within every party's limits.
  std::vector<std::vector<double>> allowed(n);
  for (std::size_t k = 0; k < n; ++k)
    for (const double v : space.issues[k].values)
      if (within_limits(space, k, v)) allowed[k].push_back(v);

  std::vector<double> values(n, std::numeric_limits<double>::quiet_NaN());
  for (std::size_t k = 0; k < n; ++k) {
    const Candidates cand = candidates_of(space.issues[k]);
    const std::vector<double>& candidates = cand.value;
    // The other issues of k's block, and the red lines that read them.
    std::vector<std::size_t> others;
    for (std::size_t j = 0; j < n; ++j)
      if (j != k && root(parent, j) == root(parent, k)) others.push_back(j);
    std::vector<std::size_t> block_rules;
    for (const std::size_t r : rules)
      if (root(parent, space.rules[r].issues.front()) == root(parent, k)) block_rules.push_back(r);
    double work =
        static_cast<double>(candidates.size()) * static_cast<double>(std::max<std::size_t>(1, block_rules.size()));
    for (const std::size_t j : others) work *= static_cast<double>(allowed[j].size());
    if (work > kMaxWork) {
      out[k].computed = false;
      continue;
    }
    std::vector<bool> ok(candidates.size(), false);
    for (std::size_t c = 0; c < candidates.size(); ++c) {
      if (!within_limits(space, k, candidates[c])) continue;
      values[k] = candidates[c];
      // Every combination of the other issues' allowed values, until one passes every red line.
      std::vector<std::size_t> at(others.size(), 0);
      if (std::any_of(others.begin(), others.end(), [&](std::size_t j) { return allowed[j].empty(); })) continue;
      for (;;) {
        for (std::size_t i = 0; i < others.size(); ++i) values[others[i]] = allowed[others[i]][at[i]];
        if (std::all_of(block_rules.begin(), block_rules.end(),
                        [&](std::size_t r) { return space.rules[r].holds(values); })) {
          ok[c] = true;
          break;
        }
        std::size_t i = 0;
        while (i < at.size() && ++at[i] == allowed[others[i]].size()) at[i++] = 0;
        if (i == at.size()) break;
      }
    }
    values[k] = std::numeric_limits<double>::quiet_NaN();
    for (const std::size_t j : others) values[j] = std::numeric_limits<double>::quiet_NaN();
    set_allowed(cand, ok, out[k]);
  }
  return out;
}

std::vector<AgreedValues> agreed_by_rule(const Space& space) {
  const std::size_t n = space.issues.size(), m = space.parties.size();
  std::vector<AgreedValues> out(n);
  // Each party's red lines, and the issues each reads besides k.
  std::vector<std::vector<std::size_t>> party_rules(m);
  for (std::size_t r = 0; r < space.rules.size(); ++r) {
    const auto& rule = space.rules[r];
    if (!rule.red_line) continue;
    for (std::size_t i = 0; i < m; ++i) {
      if (space.parties[i] != rule.actor) continue;
      party_rules[i].push_back(r);
      for (const std::size_t k : rule.issues) out[k].red_lines.push_back(r);
    }
  }
  std::vector<double> values(n, std::numeric_limits<double>::quiet_NaN());
  std::vector<std::uint8_t> allows(m);
  for (std::size_t k = 0; k < n; ++k) {
    const Candidates cand = candidates_of(space.issues[k]);
    const std::vector<double>& candidates = cand.value;
    // Per party: the issues its red lines on k read besides k, and each one's values within its own limits.
    std::vector<std::vector<std::size_t>> others(m), rules_on_k(m);
    std::vector<std::vector<std::vector<double>>> allowed(m);
    double work = 0;
    for (std::size_t i = 0; i < m; ++i) {
      for (const std::size_t r : party_rules[i]) {
        const auto& read = space.rules[r].issues;
        if (std::find(read.begin(), read.end(), k) == read.end()) continue;
        rules_on_k[i].push_back(r);
        for (const std::size_t j : read)
          if (j != k && std::find(others[i].begin(), others[i].end(), j) == others[i].end()) others[i].push_back(j);
      }
      double combos = static_cast<double>(std::max<std::size_t>(1, rules_on_k[i].size()));
      for (const std::size_t j : others[i]) {
        allowed[i].emplace_back();
        for (const double v : space.issues[j].values)
          if (party_allows(space, space.parties[i], j, v)) allowed[i].back().push_back(v);
        combos *= static_cast<double>(allowed[i].back().size());
      }
      work += combos * static_cast<double>(candidates.size());
    }
    if (work > kMaxWork) {
      out[k].computed = false;
      continue;
    }
    std::vector<bool> ok(candidates.size(), false);
    for (std::size_t c = 0; c < candidates.size(); ++c) {
      for (std::size_t i = 0; i < m; ++i) {
        allows[i] = 0;
        if (!party_allows(space, space.parties[i], k, candidates[c])) continue;
        values[k] = candidates[c];
        if (rules_on_k[i].empty()) {
          allows[i] = 1;
          continue;
        }
        // Some combination of the other issues it reads, within its own limits, where its red lines hold.
        if (std::any_of(allowed[i].begin(), allowed[i].end(), [](const auto& a) { return a.empty(); })) continue;
        std::vector<std::size_t> at(others[i].size(), 0);
        for (;;) {
          for (std::size_t o = 0; o < others[i].size(); ++o) values[others[i][o]] = allowed[i][o][at[o]];
          if (std::all_of(rules_on_k[i].begin(), rules_on_k[i].end(),
                          [&](std::size_t r) { return space.rules[r].holds(values); })) {
            allows[i] = 1;
            break;
          }
          std::size_t o = 0;
          while (o < at.size() && ++at[o] == allowed[i][o].size()) at[o++] = 0;
          if (o == at.size()) break;
        }
        for (const std::size_t j : others[i]) values[j] = std::numeric_limits<double>::quiet_NaN();
      }
      values[k] = std::numeric_limits<double>::quiet_NaN();
      ok[c] = space.decision.passes(allows);
    }
    set_allowed(cand, ok, out[k]);
  }
  return out;
}

}  // namespace parley::analysis
