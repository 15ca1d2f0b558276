// `parley analyze --format json`.
#include <algorithm>
#include <cmath>

#include "core/stats.hpp"
#include "core/text.hpp"
#include "report/analyze.hpp"
#include "report/format.hpp"
#include "report/show.hpp"

namespace parley::report {

using analysis::Space;
using doc::Node;

namespace {

Node num(double x) {
  return computed(x);
}
Node str(const std::string& s) {
  return Node::make_string(s);
}

Node value_node(const Space& space, std::size_t k, std::size_t j) {
  const auto& issue = space.issues[k];
  if (!issue.labels.empty()) return str(issue.labels[j]);  // an option, by name
  return num(issue.values[j]);
}

// A value of issue k's scale: on a discrete issue the option there (the nearest, for a position drawn between
// options), by name; else the number.
Node scale_node(const Space& space, std::size_t k, double x) {
  const auto& labels = space.issues[k].labels;
  if (labels.empty()) return num(x);
  return str(labels[core::nearest_option(x, labels.size())]);
}

Node package_node(const Space& space, const std::vector<std::size_t>& package) {
  Node n = Node::make_mapping();
  n.set("values", values_json(space, package));
  Node u = Node::make_mapping();
  for (const auto& actor : space.actors) u.set(actor.id, num(actor.utility(package)));
  n.set("utilities", std::move(u));
  n.set("ratification", num(space.ratification(package)));
  return n;
}

Node per_party(const Space& space, const std::vector<double>& x) {
  Node n = Node::make_mapping();
  for (std::size_t i = 0; i < space.parties.size(); ++i) n.set(space.actors[space.parties[i]].id, num(x[i]));
  return n;
}

Node optional_number(const std::optional<double>& x) {
  return x ? num(*x) : Node::make_null();
}

// The issue's values with the parties' red lines applied (analysis::agreed_values).
Node agreed_node(const Space& space, const analysis::AgreedValues& agreed, std::size_t k) {
  Node n = Node::make_mapping();
  n.set("computed", Node::make_bool(agreed.computed));
  const auto& labels = space.issues[k].labels;
  if (agreed.computed) {
    n.set("exists", Node::make_bool(labels.empty() ? !agreed.regions.empty() : !agreed.options.empty()));
    if (labels.empty()) {
      Node regions = Node::make_sequence();
      for (const auto& r : agreed.regions) {
        Node region = Node::make_mapping();
        region.set("low", num(r.low));
        region.set("high", num(r.high));
        region.set("low_open", Node::make_bool(r.low_open));
        region.set("high_open", Node::make_bool(r.high_open));
        regions.push(std::move(region));
      }
      n.set("regions", std::move(regions));
    } else {
      Node options = Node::make_sequence();
      for (const std::size_t j : agreed.options) options.push(str(labels[j]));
      n.set("options", std::move(options));
    }
  }
  Node red_lines = Node::make_sequence();
  for (const std::size_t r : agreed.red_lines) red_lines.push(str(space.rules[r].id));
  n.set("red_lines", std::move(red_lines));
  return n;
}

Node issue_node(const Space& space, const analysis::IssueStats& st, const analysis::AgreedValues* agreed) {
  Node n = Node::make_mapping();
  const auto& issue = space.issues[st.issue];
  n.set("id", str(issue.id));
  n.set("name", str(issue.name));
  n.set("weighted_mean", optional_number(st.mean));
  const std::size_t k = st.issue;
  n.set("weighted_median", st.median ? scale_node(space, k, *st.median) : Node::make_null());
  if (!st.option_weights.empty()) {
    // The discrete counterpart of the mean and sd (which stay null): the share of the weight at each option.
    Node shares = Node::make_mapping();
    for (std::size_t j = 0; j < st.option_weights.size() && j < issue.labels.size(); ++j)
      shares.set(issue.labels[j], num(st.option_weights[j]));
    n.set("option_weights", std::move(shares));
  }
  Node spread = Node::make_mapping();
  spread.set("sd", optional_number(st.sd));
  spread.set("lowest", scale_node(space, k, st.lowest));
  spread.set("highest", scale_node(space, k, st.highest));
  n.set("spread", std::move(spread));
  Node intervals = Node::make_mapping();
  for (const auto& in : st.intervals) {
    Node i = Node::make_mapping();
    i.set("low", scale_node(space, k, in.low));
    i.set("high", scale_node(space, k, in.high));
    i.set("reservation", Node::make_bool(in.reserved));
    intervals.set(space.actors[in.actor].id, std::move(i));
  }
  n.set("intervals", std::move(intervals));
  Node zopa = Node::make_mapping();
  zopa.set("exists", Node::make_bool(st.zopa));
  zopa.set("low", st.zopa ? scale_node(space, k, st.low) : Node::make_null());
  zopa.set("high", st.zopa ? scale_node(space, k, st.high) : Node::make_null());
  zopa.set("gap", num(st.gap));
  if (!st.zopa) {
    // The two parties whose limits leave the gap: one will not go below `low`, the other above `high`.
    Node between = Node::make_mapping();
    between.set("above", str(space.actors[st.blocking_low].id));
    between.set("below", str(space.actors[st.blocking_high].id));
    between.set("low", scale_node(space, k, st.low));
    between.set("high", scale_node(space, k, st.high));
    zopa.set("between", std::move(between));
  }
  if (agreed != nullptr && !st.intervals.empty()) zopa.set("with_red_lines", agreed_node(space, *agreed, st.issue));
  n.set("zopa", std::move(zopa));
  Node far = Node::make_sequence();
  for (const auto& d : st.farthest) {
    Node f = Node::make_mapping();
    f.set("actor", str(space.actors[d.actor].id));
    // On a discrete issue the option the actor stands at, and the distance in options.
    for (const auto& p : st.positions)
      if (p.actor == d.actor && !issue.labels.empty()) f.set("position", scale_node(space, k, p.position));
    f.set("distance", num(d.distance));
    far.push(std::move(f));
  }
  n.set("farthest", std::move(far));
  return n;
}

Node bridge_node(const Space& space, const analysis::Bridge& b) {
  Node n = Node::make_mapping();
  n.set("needed", Node::make_bool(!b.found || b.cost > analysis::kUtilityEpsilon));
  n.set("found", Node::make_bool(b.found));
  n.set("min_ratification", num(b.min_ratification));
  n.set("exact", Node::make_bool(b.exact));
  if (!b.found) {
    n.set("nodes", num(b.nodes));
    return n;
  }
  n.set("ratification", num(b.ratification));
  n.set("cost", num(b.cost));
  n.set("lower_bound", num(b.lower_bound));
  n.set("package", package_node(space, b.package));
  Node parties = Node::make_sequence();
  std::size_t most = 0;
  for (std::size_t i = 0; i < space.parties.size(); ++i) {
    if (b.party_cost[i] > b.party_cost[most] + analysis::kUtilityEpsilon) most = i;
    const std::size_t p = space.parties[i];
    Node party = Node::make_mapping();
    party.set("actor", str(space.actors[p].id));
    party.set("cost", num(b.party_cost[i]));
    Node list = Node::make_sequence();
    for (const auto& c : b.concessions) {
      if (c.actor != p) continue;
      Node cn = Node::make_mapping();
      switch (c.kind) {
        case analysis::Concession::Kind::reservation:
          cn.set("kind", str("reservation"));
          cn.set("issue", str(space.issues[c.issue].id));
          cn.set("from", num(c.from));
          cn.set("to", num(c.to));
          break;
        case analysis::Concession::Kind::no_deal:
          cn.set("kind", str("no_deal"));
          cn.set("from", num(c.from));
          cn.set("to", num(c.to));
          break;
        case analysis::Concession::Kind::red_line:
          cn.set("kind", str("red_line"));
          cn.set("constraint", str(space.rules[c.rule].id));
          cn.set("drop", Node::make_bool(c.drop));
          break;
      }
      cn.set("cost", num(c.cost));
      list.push(std::move(cn));
    }
    party.set("concessions", std::move(list));
    parties.push(std::move(party));
  }
  n.set("parties", std::move(parties));
  n.set("most", space.parties.empty() ? Node::make_null() : str(space.actors[space.parties[most]].id));
  n.set("nodes", num(b.nodes));
  return n;
}

Node count_node(double x) {
  return num(x);
}

Node packages_json(const Space& space, const analysis::PackageAnalysis& pa, const AnalyzeView& view) {
  Node n = Node::make_mapping();
  n.set("total", count_node(pa.total));
  // Per issue, the values added to its step grid where a party's acceptance or a vote changes.
  Node breakpoints = Node::make_mapping();
  for (const auto& issue : space.issues) {
    if (issue.breakpoints.empty()) continue;
    Node values = Node::make_sequence();
    for (const double v : issue.breakpoints) values.push(num(v));
    breakpoints.set(issue.id, std::move(values));
  }
  n.set("breakpoints", std::move(breakpoints));
  // Per issue, the value added for a package every party accepts that lies between grid values (docs/analysis.md).
  Node found = Node::make_mapping();
  for (const auto& issue : space.issues)
    if (issue.found) found.set(issue.id, num(*issue.found));
  n.set("found_off_grid", std::move(found));
  n.set("agreeable", pa.agreeable.exact ? count_node(pa.agreeable.value) : Node::make_null());
  // Whether a deal exists at all: a sweep gives its probability. The frontier is exact even when the count
  // is only bounded, and empty exactly when nothing is agreeable.
  n.set("agreeable_exists", Node::make_bool(space.parties.empty() || !pa.frontier.points.empty()));
  if (!pa.agreeable.exact) {
    Node bounds = Node::make_sequence();
    bounds.push(count_node(pa.agreeable.low));
    bounds.push(count_node(pa.agreeable.high));
    n.set("agreeable_bounds", std::move(bounds));
  }
  Node parties = Node::make_sequence();
  for (std::size_t p : space.parties) parties.push(str(space.actors[p].id));
  n.set("parties", std::move(parties));
  const auto& f = pa.frontier;
  n.set("pareto_packages", count_node(f.packages));
  n.set("pareto_distinct", count_node(static_cast<double>(f.distinct)));
  Node list = Node::make_sequence();
  std::size_t listed = 0;
  for (const auto& point : f.points) {
    for (double k = 0; k < point.packages(); k += 1) {
      if (view.max_pareto != 0 && listed >= view.max_pareto) break;
      list.push(package_node(space, analysis::package_of(space, pa.blocks, point, k)));
      ++listed;
    }
  }
  n.set("pareto", std::move(list));
  n.set("pareto_listed", count_node(static_cast<double>(listed)));
  const auto& s = pa.solutions;
  n.set("disagreement", space.parties.empty() ? Node::make_mapping() : per_party(space, s.disagreement));
  n.set("best", space.parties.empty() || f.points.empty() ? Node::make_null() : per_party(space, s.best));
  Node sol = Node::make_mapping();
  auto solution = [&](const char* name, const std::optional<std::size_t>& i) {
    sol.set(name, i ? package_node(space, analysis::package_of(space, pa.blocks, f.points[*i])) : Node::make_null());
  };
  solution("nash", s.nash);
  solution("kalai_smorodinsky", s.kalai_smorodinsky);
  solution("egalitarian", s.egalitarian);
  solution("utilitarian", s.utilitarian);
  n.set("solutions", std::move(sol));
  if (pa.bridge) {
    n.set("what_it_would_take", bridge_node(space, *pa.bridge));
  } else {
    Node w = Node::make_mapping();
    w.set("needed", Node::make_bool(false));
    n.set("what_it_would_take", std::move(w));
  }
  return n;
}

}  // namespace

Node analyze_json(const Analysis& a, const Stamp& stamp, const AnalyzeView& view) {
  Node n = Node::make_mapping();
  n.set("parley", stamp_node(stamp));
  n.set("title", str(a.space.title));
  if (!a.at.empty()) n.set("at", str(a.at));
  Node issues = Node::make_sequence();
  for (const auto& st : a.issues)
    issues.push(issue_node(a.space, st, st.issue < a.agreed.size() ? &a.agreed[st.issue] : nullptr));
  n.set("issues", std::move(issues));
  n.set("packages", packages_json(a.space, a.packages, view));
  return n;
}

Node values_json(const Space& space, const std::vector<std::size_t>& package) {
  Node n = Node::make_mapping();
  for (std::size_t k = 0; k < package.size(); ++k) n.set(space.issues[k].id, value_node(space, k, package[k]));
  return n;
}

Node positions_json(const Analysis& a) {
  Node issues = Node::make_sequence();
  for (const auto& st : a.issues) {
    Node issue = Node::make_mapping();
    issue.set("id", str(a.space.issues[st.issue].id));
    Node list = Node::make_sequence();
    for (const auto& p : st.positions) {
      Node n = Node::make_mapping();
      n.set("actor", str(a.space.actors[p.actor].id));
      n.set("position", scale_node(a.space, st.issue, p.position));
      n.set("salience", num(p.salience));
      n.set("weight", num(p.weight));
      list.push(std::move(n));
    }
    issue.set("positions", std::move(list));
    issues.push(std::move(issue));
  }
  return issues;
}

Node cloud_json(const Analysis& a, const std::vector<std::vector<std::size_t>>& packages) {
  Node list = Node::make_sequence();
  for (const auto& package : packages) {
    Node n = package_node(a.space, package);
    n.set("agreeable", Node::make_bool(a.space.agreeable(package)));
    list.push(std::move(n));
  }
  return list;
}

Node timeline_json(const std::vector<Analysis>& points, const Stamp& stamp) {
  Node n = Node::make_mapping();
  n.set("parley", stamp_node(stamp));
  if (!points.empty()) n.set("title", str(points.front().space.title));
  Node list = Node::make_sequence();
  for (const auto& a : points) {
    Node p = Node::make_mapping();
    p.set("at", str(a.at));
    p.set("date", a.date.empty() ? Node::make_null() : str(a.date));
    p.set("label", a.label.empty() ? Node::make_null() : str(a.label));
    Node issues = Node::make_sequence();
    for (const auto& st : a.issues) {
      Node i = Node::make_mapping();
      i.set("id", str(a.space.issues[st.issue].id));
      i.set("weighted_median", optional_number(st.median));
      i.set("zopa", Node::make_bool(st.zopa));
      i.set("gap", num(st.gap));
      issues.push(std::move(i));
    }
    p.set("issues", std::move(issues));
    const auto& pa = a.packages;
    p.set("agreeable", pa.agreeable.exact ? count_node(pa.agreeable.value) : Node::make_null());
    p.set("pareto_packages", count_node(pa.frontier.packages));
    p.set("nash",
          pa.solutions.nash
              ? package_node(a.space, analysis::package_of(a.space, pa.blocks, pa.frontier.points[*pa.solutions.nash]))
              : Node::make_null());
    p.set("what_it_would_take", pa.bridge && pa.bridge->found ? num(pa.bridge->cost) : Node::make_null());
    list.push(std::move(p));
  }
  n.set("timeline", std::move(list));
  return n;
}

}  // namespace parley::report
