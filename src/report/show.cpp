#include "report/show.hpp"

#include "analysis/rule.hpp"

#include <algorithm>
#include <cmath>

#include "analysis/issue_stats.hpp"
#include "core/stats.hpp"
#include "core/text.hpp"
#include "report/table.hpp"
#include "scenario/build.hpp"
#include "scenario/timeline.hpp"

namespace parley::report {

using doc::Node;

namespace {

// Grids longer than this are summarised by their size: nobody reads a million numbers.
constexpr std::size_t kMaxGridShown = 1001;

Node num(double x) {
  return Node::make_number(x);
}
Node str(const std::string& s) {
  return Node::make_string(s);
}

Node uncertain(const Uncertain& u) {
  if (u.is_fixed()) return num(u.p[0]);
  Node n = Node::make_mapping();
  n.set("value", num(u.central()));
  n.set("distribution", str(std::string(shape_name(u.shape))));
  Node params = Node::make_sequence();
  for (std::size_t k = 0; k < (u.shape == Uncertain::Shape::triangular ? 3u : 2u); ++k) params.push(num(u.p[k]));
  n.set("parameters", std::move(params));
  return n;
}

// A value on a discrete issue's scale by its option's name (the nearest option, for a central value between two);
// a distribution keeps its parameters on the options' positions (docs/scenario-format.md), its `value` named.
Node option_node(const Issue& issue, double x) {
  return str(issue.options[core::nearest_option(x, issue.options.size())]);
}

Node on_issue(const Issue& issue, const Uncertain& u) {
  if (!issue.discrete || issue.options.empty()) return uncertain(u);
  if (u.is_fixed()) return option_node(issue, u.p[0]);
  Node n = Node::make_mapping();
  n.set("value", option_node(issue, u.central()));
  for (const auto& [key, value] : uncertain(u).entries)
    if (key.text != "value") n.set(key.text, value);
  return n;
}

Node optional_text(const std::string& s) {
  return s.empty() ? Node::make_null() : str(s);
}

Node pair(double lo, double hi) {
  Node n = Node::make_sequence();
  n.push(num(lo));
  n.push(num(hi));
  return n;
}

}  // namespace

Node conflict_options_node(const Scenario& s) {
  Node options = Node::make_sequence();
  for (const auto& o : s.conflict->options) {
    Node on = Node::make_mapping();
    on.set("id", Node::make_string(o.id));
    on.set("actor", Node::make_string(s.actors[o.actor].id));
    on.set("label", Node::make_string(o.label));
    on.set("direction", Node::make_string(std::string(direction_name(o.direction))));
    options.push(std::move(on));
  }
  return options;
}

namespace {

// An option's value as its registered type reads it: a flag as true or false, an integer with every digit (seeds
// past 2^53 too), a number, text, or a list; null when it was left unset.
Node stamped_value(const StampedOption& o) {
  if (o.type == OptionType::list) {
    Node items = Node::make_sequence();
    for (const auto& v : o.values) items.push(str(v));
    return items;
  }
  if (o.values.empty()) return Node::make_null();
  const std::string& v = o.values.front();
  switch (o.type) {
    case OptionType::flag:
      return Node::make_bool(v == "true");
    case OptionType::integer:
      return Node::make_integer(std::stoull(v));
    case OptionType::number:
      return Node::make_number(std::stod(v));
    default:
      return str(v);
  }
}

}  // namespace

Node stamp_options_node(const Stamp& stamp) {
  Node options = Node::make_mapping();
  for (const auto& o : stamp.options) options.set(o.name, stamped_value(o));
  return options;
}

Node stamp_node(const Stamp& stamp) {
  Node n = Node::make_mapping();
  n.set("version", str(stamp.version));
  n.set("scenario_sha256", str(stamp.scenario_sha256));
  if (!stamp.options.empty()) n.set("options", stamp_options_node(stamp));
  return n;
}

namespace {

Node sources_node(const Scenario& s) {
  Node sources = Node::make_sequence();
  for (const auto& src : s.sources) {
    Node n = Node::make_mapping();
    n.set("id", str(src.id));
    n.set("title", str(src.title));
    n.set("url", optional_text(src.url));
    n.set("date", optional_text(src.date));
    n.set("note", optional_text(src.note));
    sources.push(std::move(n));
  }
  return sources;
}

Node issues_node(const Scenario& s) {
  Node issues = Node::make_sequence();
  for (const auto& issue : s.issues) {
    Node n = Node::make_mapping();
    n.set("id", str(issue.id));
    n.set("name", str(issue.name));
    n.set("description", optional_text(issue.description));
    n.set("kind", str(issue.discrete ? "discrete" : "continuous"));
    n.set("ordered", Node::make_bool(issue.ordered));
    n.set("scale", pair(issue.min, issue.max));
    n.set("step", num(issue.step));
    n.set("grid_size", num(static_cast<double>(issue.grid_size())));
    if (issue.grid_size() <= kMaxGridShown) {
      Node grid = Node::make_sequence();
      for (const double x : issue.grid()) grid.push(num(x));
      n.set("grid", std::move(grid));
    }
    if (issue.discrete) {
      Node options = Node::make_sequence();
      for (const auto& o : issue.options) options.push(str(o));
      n.set("options", std::move(options));
    } else {
      Node labels = Node::make_sequence();
      for (const auto& l : issue.labels) {
        Node ln = Node::make_mapping();
        ln.set("value", num(l.value));
        ln.set("label", str(l.text));
        labels.push(std::move(ln));
      }
      n.set("labels", std::move(labels));
    }
    issues.push(std::move(n));
  }
  return issues;
}

Node actors_node(const Scenario& s) {
  Node actors = Node::make_sequence();
  for (const auto& a : s.actors) {
    Node n = Node::make_mapping();
    n.set("id", str(a.id));
    n.set("name", str(a.name));
    n.set("description", optional_text(a.description));
    n.set("role", str(std::string(role_name(a.role))));
    n.set("capability", uncertain(a.capability));
    n.set("risk", a.risk ? num(*a.risk) : str("auto"));
    n.set("no_deal", a.no_deal ? uncertain(*a.no_deal) : Node::make_null());
    Node weights = Node::make_mapping();
    for (const auto& w : a.weights) weights.set(w.name, num(w.value));
    n.set("weights", std::move(weights));
    n.set("source", optional_text(a.source));
    n.set("note", optional_text(a.note));
    Node stances = Node::make_sequence();
    for (const auto& st : a.stances) {
      const Issue& issue = s.issues[st.issue];
      Node sn = Node::make_mapping();
      sn.set("issue", str(issue.id));
      sn.set("position", on_issue(issue, st.position));
      if (!st.values.empty()) {
        Node values = Node::make_mapping();
        for (std::size_t k = 0; k < st.values.size(); ++k) values.set(issue.options[k], num(st.values[k]));
        sn.set("values", std::move(values));
      } else {
        sn.set("values", Node::make_null());
      }
      sn.set("prefers", str(st.prefers == Prefers::more ? "more" : st.prefers == Prefers::less ? "less" : "ideal"));
      sn.set("salience", uncertain(st.salience));
      sn.set("reservation", st.reservation ? on_issue(issue, *st.reservation) : Node::make_null());
      sn.set("at_least", st.at_least ? on_issue(issue, *st.at_least) : Node::make_null());
      sn.set("at_most", st.at_most ? on_issue(issue, *st.at_most) : Node::make_null());
      const auto [lo, hi] = acceptable_interval(issue, st);
      if (issue.discrete && !issue.options.empty()) {
        // The ends of the options accepted on an ordered issue (nothing on a nominal one, whose options have no
        // ends), and every option accepted.
        Node ends = Node::make_sequence();
        ends.push(option_node(issue, lo));
        ends.push(option_node(issue, hi));
        sn.set("acceptable", issue.ordered ? std::move(ends) : Node::make_null());
        Node options = Node::make_sequence();
        for (const std::size_t k : st.accepted_options(issue)) options.push(str(issue.options[k]));
        sn.set("acceptable_options", std::move(options));
      } else {
        sn.set("acceptable", pair(lo, hi));
      }
      sn.set("source", optional_text(st.source));
      sn.set("note", optional_text(st.note));
      stances.push(std::move(sn));
    }
    n.set("stances", std::move(stances));
    actors.push(std::move(n));
  }
  return actors;
}

Node constraints_node(const Scenario& s) {
  Node constraints = Node::make_sequence();
  for (const auto& c : s.constraints) {
    Node n = Node::make_mapping();
    n.set("id", str(c.id));
    n.set("actor", str(s.actors[c.actor].id));
    n.set("kind", str(c.kind == ConstraintKind::ratification ? "ratification" : "red_line"));
    n.set("require", str(c.require));
    n.set("pass_probability",
          c.kind == ConstraintKind::ratification ? uncertain(c.pass_probability) : Node::make_null());
    n.set("source", optional_text(c.source));
    n.set("note", optional_text(c.note));
    constraints.push(std::move(n));
  }
  return constraints;
}

Node timeline_node(const Scenario& s) {
  Node timeline = Node::make_sequence();
  for (std::size_t p = 0; p < s.timeline.size(); ++p) {
    const auto& point = s.timeline[p];
    Node n = Node::make_mapping();
    n.set("id", str(point.id));
    n.set("date", optional_text(point.date));
    n.set("label", optional_text(point.label));
    n.set("source", optional_text(point.source));
    n.set("note", optional_text(point.note));
    n.set("applied", Node::make_bool(p < s.applied));
    Node changes = Node::make_sequence();
    for (const auto& c : point.changes) {
      Node cn = Node::make_mapping();
      cn.set("actor", str(s.actors[c.actor].id));
      cn.set("issue", c.issue ? str(s.issues[*c.issue].id) : Node::make_null());
      cn.set("field", str(std::string(field_name(c.field))));
      cn.set("mode", str(c.mode == Change::Mode::absolute ? "absolute"
                         : c.mode == Change::Mode::shift  ? "shift"
                                                          : "percent"));
      cn.set("value", c.mode == Change::Mode::absolute ? uncertain(c.value) : num(c.amount));
      changes.push(std::move(cn));
    }
    n.set("changes", std::move(changes));
    timeline.push(std::move(n));
  }
  return timeline;
}

// The graph model, as written (gmcr imports included).
Node conflict_node(const Scenario& s) {
  const Conflict& c = *s.conflict;
  Node n = Node::make_mapping();
  n.set("options", conflict_options_node(s));
  Node infeasible = Node::make_sequence();
  for (const auto& st : c.infeasible) infeasible.push(str(st.text));
  n.set("infeasible", std::move(infeasible));
  Node dms = Node::make_sequence();
  for (const auto& dm : c.decision_makers) {
    Node dn = Node::make_mapping();
    dn.set("actor", str(s.actors[dm.actor].id));
    if (dm.ranking.empty()) {
      Node prefs = Node::make_sequence();
      for (const auto& st : dm.preferences) prefs.push(str(st.text));
      dn.set("preferences", std::move(prefs));
    } else {
      Node ranking = Node::make_sequence();
      for (const auto& tier : dm.ranking) {
        Node tied = Node::make_sequence();
        for (const auto code : tier) tied.push(str(c.pattern(code)));
        ranking.push(std::move(tied));
      }
      dn.set("ranking", std::move(ranking));
    }
    dms.push(std::move(dn));
  }
  n.set("decision_makers", std::move(dms));
  n.set("status_quo", c.status_quo ? str(c.pattern(*c.status_quo)) : Node::make_null());
  return n;
}

// The decision rule as written, and in words; null when the scenario states none (every party must accept).
Node decision_node(const Scenario& s) {
  if (!s.decision) return Node::make_null();
  const DecisionRule& d = *s.decision;
  Node n = Node::make_mapping();
  n.set("description", str(analysis::rule_text(s)));
  n.set("parties", d.parties ? num(static_cast<double>(*d.parties)) : Node::make_null());
  n.set("parties_share", d.parties_share ? num(*d.parties_share) : Node::make_null());
  Node vetoes = Node::make_sequence();
  for (std::size_t a : d.vetoes) vetoes.push(str(s.actors[a].id));
  n.set("vetoes", std::move(vetoes));
  Node weights = Node::make_mapping();
  for (const auto& w : d.weights) weights.set(w.weight, num(w.share));
  n.set("weights", std::move(weights));
  n.set("note", optional_text(d.note));
  return n;
}

}  // namespace

Node show_json(const Scenario& s, const Stamp& stamp) {
  Node root = Node::make_mapping();
  root.set("parley", stamp_node(stamp));
  root.set("title", str(s.title));
  root.set("date", optional_text(s.date));
  root.set("description", optional_text(s.description));
  Node at = Node::make_mapping();
  at.set("id", str(scenario::point_id(s)));
  at.set("points_applied", num(static_cast<double>(s.applied)));
  at.set("points_total", num(static_cast<double>(s.timeline.size())));
  root.set("at", std::move(at));
  root.set("sources", sources_node(s));
  root.set("issues", issues_node(s));
  root.set("actors", actors_node(s));
  root.set("constraints", constraints_node(s));
  root.set("decision", decision_node(s));
  root.set("timeline", timeline_node(s));
  root.set("conflict", s.conflict ? conflict_node(s) : Node::make_null());
  root.set("models", scenario::models_document(s));
  return root;
}

}  // namespace parley::report
