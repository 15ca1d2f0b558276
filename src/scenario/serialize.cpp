// Writing a scenario back in the format's own shape: what `convert` emits and what the scenario hash covers.
#include "core/text.hpp"
#include "scenario/build.hpp"

namespace parley::scenario {

using doc::Node;

namespace {

Node number(double x) {
  return Node::make_number(x);
}
Node text(const std::string& s) {
  return Node::make_string(s);
}

// A point on an issue: the option's name on a discrete issue, so the file stays readable.
Node point(const Issue& issue, double x) {
  if (issue.discrete) {
    const auto k = static_cast<std::size_t>(x);
    if (k < issue.options.size() && static_cast<double>(k) == x) return text(issue.options[k]);
  }
  return number(x);
}

void set_text(Node& map, const char* key, const std::string& value) {
  if (!value.empty()) map.set(key, text(value));
}

Node issue_node(const Issue& issue) {
  Node n = Node::make_mapping();
  n.set("id", text(issue.id));
  if (issue.name != issue.id) n.set("name", text(issue.name));
  set_text(n, "description", issue.description);
  if (issue.discrete) {
    Node options = Node::make_sequence();
    for (const auto& o : issue.options) options.push(text(o));
    n.set("options", std::move(options));
    if (!issue.ordered) n.set("ordered", Node::make_bool(false));
    return n;
  }
  Node scale = Node::make_sequence();
  scale.push(number(issue.min));
  scale.push(number(issue.max));
  n.set("scale", std::move(scale));
  if (!issue.labels.empty()) {
    Node labels = Node::make_mapping();
    for (const auto& l : issue.labels) labels.set(core::format_number(l.value), text(l.text));
    n.set("labels", std::move(labels));
  }
  if (issue.step_given) n.set("step", number(issue.step));
  return n;
}

Node actor_node(const Scenario& s, const Actor& a) {
  Node n = Node::make_mapping();
  n.set("id", text(a.id));
  if (a.name != a.id) n.set("name", text(a.name));
  set_text(n, "description", a.description);
  if (a.role != Role::party) n.set("role", text(std::string(role_name(a.role))));
  n.set("capability", uncertain_node(a.capability));
  if (a.risk) n.set("risk", number(*a.risk));
  if (a.no_deal) n.set("no_deal", uncertain_node(*a.no_deal));
  if (!a.weights.empty()) {
    Node weights = Node::make_mapping();
    for (const auto& w : a.weights) weights.set(w.name, number(w.value));
    n.set("weights", std::move(weights));
  }
  set_text(n, "source", a.source);
  set_text(n, "note", a.note);
  Node stances = Node::make_mapping();
  for (const auto& st : a.stances) {
    const Issue& issue = s.issues[st.issue];
    Node sn = Node::make_mapping();
    if (!st.values.empty()) {
      Node values = Node::make_mapping();
      for (std::size_t k = 0; k < st.values.size(); ++k) values.set(issue.options[k], number(st.values[k]));
      sn.set("values", std::move(values));
    } else if (st.prefers == Prefers::ideal) {
      sn.set("position", uncertain_node(st.position, &issue));
    } else {
      sn.set("prefers", text(st.prefers == Prefers::more ? "more" : "less"));
    }
    sn.set("salience", uncertain_node(st.salience));
    if (st.reservation) sn.set("reservation", uncertain_node(*st.reservation, &issue));
    if (st.at_least) sn.set("at_least", uncertain_node(*st.at_least, &issue));
    if (st.at_most) sn.set("at_most", uncertain_node(*st.at_most, &issue));
    if (!st.acceptable.empty()) {
      Node acceptable = Node::make_sequence();
      for (const std::size_t k : st.acceptable) acceptable.push(text(issue.options[k]));
      sn.set("acceptable", std::move(acceptable));
    }
    set_text(sn, "source", st.source);
    set_text(sn, "note", st.note);
    stances.set(issue.id, std::move(sn));
  }
  n.set("stances", std::move(stances));
  return n;
}

Node change_node(const Scenario& s, const Change& c) {
  Node n = Node::make_mapping();
  n.set("actor", text(s.actors[c.actor].id));
  if (c.issue) n.set("issue", text(s.issues[*c.issue].id));
  const std::string field(field_name(c.field));
  if (c.mode != Change::Mode::absolute) {
    n.set(field, text(c.written));
  } else if (c.issue && c.field != Field::salience) {
    n.set(field, uncertain_node(c.value, &s.issues[*c.issue]));
  } else {
    n.set(field, uncertain_node(c.value));
  }
  return n;
}

Node conflict_node(const Scenario& s, const Conflict& c) {
  Node n = Node::make_mapping();
  Node options = Node::make_sequence();
  for (const auto& o : c.options) {
    Node on = Node::make_mapping();
    on.set("id", text(o.id));
    on.set("actor", text(s.actors[o.actor].id));
    if (o.label != o.id) on.set("label", text(o.label));
    if (o.direction != Direction::both) on.set("direction", text(std::string(direction_name(o.direction))));
    options.push(std::move(on));
  }
  n.set("options", std::move(options));
  if (!c.infeasible.empty()) {
    Node inf = Node::make_sequence();
    for (const auto& st : c.infeasible) inf.push(text(st.text));
    n.set("infeasible", std::move(inf));
  }
  Node preferences = Node::make_mapping();
  Node rankings = Node::make_mapping();
  for (const auto& dm : c.decision_makers) {
    const std::string& id = s.actors[dm.actor].id;
    if (!dm.ranking.empty()) {
      Node list = Node::make_sequence();
      for (const auto& tier : dm.ranking) {
        if (tier.size() == 1) {
          list.push(text(c.pattern(tier.front())));
          continue;
        }
        Node tied = Node::make_sequence();
        for (const auto code : tier) tied.push(text(c.pattern(code)));
        list.push(std::move(tied));
      }
      rankings.set(id, std::move(list));
    } else {
      Node list = Node::make_sequence();
      for (const auto& st : dm.preferences) list.push(text(st.text));
      preferences.set(id, std::move(list));
    }
  }
  if (!preferences.entries.empty()) n.set("preferences", std::move(preferences));
  if (!rankings.entries.empty()) n.set("rankings", std::move(rankings));
  if (c.status_quo) n.set("status_quo", text(c.pattern(*c.status_quo)));
  return n;
}

}  // namespace

// A distribution keeps plain numbers even on a discrete issue: its parameters are not options.
Node uncertain_node(const Uncertain& u, const Issue* issue) {
  if (u.is_fixed()) return issue != nullptr ? point(*issue, u.p[0]) : number(u.p[0]);
  const auto value = [](double x) { return number(x); };
  Node params = Node::make_sequence();
  if (u.shape == Uncertain::Shape::normal) {
    params.push(value(u.p[0]));
    params.push(number(u.p[1]));
  } else {
    const std::size_t n = u.shape == Uncertain::Shape::triangular ? 3 : 2;
    for (std::size_t k = 0; k < n; ++k) params.push(value(u.p[k]));
  }
  Node out = Node::make_mapping();
  out.set(std::string(shape_name(u.shape)), std::move(params));
  return out;
}

Node models_document(const Scenario& s) {
  if (!s.models.smp) return Node::make_null();
  const SmpSettings& m = *s.models.smp;
  Node smp = Node::make_mapping();
  for (std::size_t k = 0; k < kSmpParameters.size(); ++k) {
    if (!m.value[k].empty()) smp.set(std::string(kSmpParameters[k].key), text(m.value[k]));
  }
  // A seed from 2^53 on as digits: a number that large would not read back exactly (the reader refuses it).
  if (m.seed)
    smp.set("seed", *m.seed < (1ULL << 53) ? number(static_cast<double>(*m.seed)) : text(std::to_string(*m.seed)));
  if (!m.ideals.empty()) {
    Node ideals = Node::make_sequence();
    for (const auto& x : m.ideals) {
      Node shift = Node::make_mapping();
      shift.set("actor", text(s.actors[x.actor].id));
      shift.set("toward", text(s.actors[x.toward].id));
      shift.set("rate", number(x.rate));
      ideals.push(std::move(shift));
    }
    smp.set("ideals", std::move(ideals));
  }
  Node models = Node::make_mapping();
  models.set("smp", std::move(smp));
  return models;
}

Node to_document(const Scenario& s) {
  Node root = Node::make_mapping();
  root.set("parley", number(1));
  root.set("title", text(s.title));
  set_text(root, "date", s.date);
  set_text(root, "description", s.description);
  if (!s.sources.empty()) {
    Node sources = Node::make_mapping();
    for (const auto& src : s.sources) {
      Node sn = Node::make_mapping();
      sn.set("title", text(src.title));
      set_text(sn, "url", src.url);
      set_text(sn, "date", src.date);
      set_text(sn, "note", src.note);
      sources.set(src.id, std::move(sn));
    }
    root.set("sources", std::move(sources));
  }
  Node issues = Node::make_sequence();
  for (const auto& issue : s.issues) issues.push(issue_node(issue));
  root.set("issues", std::move(issues));
  Node actors = Node::make_sequence();
  for (const auto& a : s.actors) actors.push(actor_node(s, a));
  root.set("actors", std::move(actors));
  if (s.decision) {
    const DecisionRule& d = *s.decision;
    Node dn = Node::make_mapping();
    if (d.parties) dn.set("parties", number(static_cast<double>(*d.parties)));
    // Shares as percentages: a share of 1 written as a number would read back as one party.
    const auto percent = [](double x) { return text(core::format_number(core::snap_decimal(x * 100)) + "%"); };
    if (d.parties_share) dn.set("parties", percent(*d.parties_share));
    if (!d.vetoes.empty()) {
      Node vetoes = Node::make_sequence();
      for (std::size_t a : d.vetoes) vetoes.push(text(s.actors[a].id));
      dn.set("vetoes", std::move(vetoes));
    }
    if (!d.weights.empty()) {
      Node weights = Node::make_mapping();
      for (const auto& w : d.weights) weights.set(w.weight, percent(w.share));
      dn.set("weights", std::move(weights));
    }
    set_text(dn, "note", d.note);
    root.set("decision", std::move(dn));
  }
  if (!s.constraints.empty()) {
    Node list = Node::make_sequence();
    for (const auto& c : s.constraints) {
      Node cn = Node::make_mapping();
      cn.set("id", text(c.id));
      cn.set("actor", text(s.actors[c.actor].id));
      cn.set("kind", text(c.kind == ConstraintKind::ratification ? "ratification" : "red_line"));
      cn.set("require", text(c.require));
      if (c.pass_probability_given) cn.set("pass_probability", uncertain_node(c.pass_probability));
      set_text(cn, "source", c.source);
      set_text(cn, "note", c.note);
      list.push(std::move(cn));
    }
    root.set("constraints", std::move(list));
  }
  if (!s.timeline.empty()) {
    Node list = Node::make_sequence();
    for (const auto& p : s.timeline) {
      Node pn = Node::make_mapping();
      pn.set("id", text(p.id));
      set_text(pn, "date", p.date);
      set_text(pn, "label", p.label);
      set_text(pn, "source", p.source);
      set_text(pn, "note", p.note);
      if (!p.changes.empty()) {
        Node changes = Node::make_sequence();
        for (const auto& c : p.changes) changes.push(change_node(s, c));
        pn.set("changes", std::move(changes));
      }
      list.push(std::move(pn));
    }
    root.set("timeline", std::move(list));
  }
  if (s.conflict) root.set("conflict", conflict_node(s, *s.conflict));
  if (s.models.smp) root.set("models", models_document(s));
  return root;
}

}  // namespace parley::scenario
