// Constraints and the timeline of a scenario file.
#include <algorithm>
#include <charconv>

#include "core/text.hpp"
#include "expr/expr.hpp"
#include "scenario/build.hpp"
#include "scenario/timeline.hpp"

namespace parley::scenario::detail {

using doc::Kind;
using doc::Node;

namespace {

std::vector<std::string> actor_ids(const Scenario& s) {
  std::vector<std::string> ids;
  ids.reserve(s.actors.size());
  for (const auto& a : s.actors) ids.push_back(a.id);
  return ids;
}

}  // namespace

expr::SymbolTable issue_symbols(const Scenario& s) {
  expr::SymbolTable table("issue id");
  for (const auto& issue : s.issues) {
    // A missing, malformed or repeated id has already been reported. Such an issue gets a name no expression
    // can write (a space cannot start a name), so every later variable keeps its issue's index and the
    // constraints are still checked, their own mistakes reported, rather than the table refusing the name.
    std::string name = issue.id;
    if (name.empty() || table.find(name)) {
      name = " issue " + std::to_string(table.size());
      while (table.find(name)) name += '\'';
    }
    table.add({std::move(name), expr::Type::number, issue.discrete ? issue.options : std::vector<std::string>{},
               issue.nominal()});
  }
  return table;
}

void build_constraints(Reader& r, const Node& node, Scenario& s) {
  if (!r.sequence(node, "constraints")) return;
  const auto actors = actor_ids(s);
  const expr::SymbolTable symbols = issue_symbols(s);
  IdSet ids("constraint");
  for (const auto& item : node.items) {
    if (!r.mapping(item, "a constraint", {"id", "actor", "kind", "require", "pass_probability", "source", "note"},
                   {"id", "actor", "kind", "require"})) {
      continue;
    }
    Constraint c;
    c.where = item.where;
    bool ok = true;
    if (const Node* n = item.find("id")) {
      const auto id = r.id(*n, "id");
      ok = ok && id && ids.add(r, *id, n->where);
      c.id = id.value_or("");
    }
    if (const Node* n = item.find("actor")) {
      const auto k = r.reference(*n, "actor", actors);
      ok = ok && k;
      c.actor = k.value_or(0);
    }
    if (const Node* n = item.find("kind")) {
      static const std::vector<std::string> kKinds = {"ratification", "red_line"};
      const auto k = r.reference(*n, "constraint kind", kKinds);
      ok = ok && k;
      c.kind = k.value_or(0) == 0 ? ConstraintKind::ratification : ConstraintKind::red_line;
    }
    if (const Node* n = item.find("require")) {
      if (auto text = r.text(*n, "require")) {
        c.require = *text;
        auto program = expr::compile(*text, symbols, expr::Type::boolean, expression_start(*n), r.diagnostics());
        ok = ok && program;
        if (program) c.program = std::make_shared<const expr::Program>(std::move(*program));
      } else {
        ok = false;
      }
    }
    if (const Node* n = item.find("pass_probability")) {
      if (c.kind == ConstraintKind::red_line) {
        r.error(n->where, "unexpected 'pass_probability' in red line '" + c.id +
                              "'; only a ratification constraint can pass where `require` fails");
      }
      const auto p = r.uncertain(*n, "pass_probability", Bounds{0.0, 1.0});
      ok = ok && p;
      c.pass_probability = p.value_or(Uncertain::exactly(0));
      c.pass_probability_given = true;
    }
    if (const Node* n = item.find("source")) {
      c.source = r.text(*n, "source").value_or("");
      check_source(r, *n, s);
    }
    if (const Node* n = item.find("note")) c.note = r.text(*n, "note").value_or("");
    if (ok) s.constraints.push_back(std::move(c));
  }
}

namespace {

constexpr std::string_view kFieldKeys[] = {"capability", "risk",        "no_deal",  "position",
                                           "salience",   "reservation", "at_least", "at_most"};

// "+10%", "-5", "+2.5": a relative change. Returns false for anything else.
bool parse_relative(std::string_view t, Change& c) {
  t = core::trim(t);
  if (t.size() < 2 || (t[0] != '+' && t[0] != '-')) return false;
  const bool percent = t.back() == '%';
  const std::string_view digits = t.substr(1, t.size() - 1 - (percent ? 1 : 0));
  double amount = 0;
  const auto res = std::from_chars(digits.data(), digits.data() + digits.size(), amount);
  if (digits.empty() || res.ec != std::errc() || res.ptr != digits.data() + digits.size() ||
      digits.find_first_not_of("0123456789.") != std::string_view::npos) {
    return false;
  }
  c.mode = percent ? Change::Mode::percent : Change::Mode::shift;
  c.amount = t[0] == '-' ? -amount : amount;
  c.written = std::string(t);
  return true;
}

bool build_change_value(Reader& r, const Node& value, const Scenario& s, Change& c) {
  const std::string field(field_name(c.field));
  const Issue* issue = c.issue ? &s.issues[*c.issue] : nullptr;
  const bool on_scale = issue != nullptr && c.field != Field::salience;
  if (value.kind == Kind::string) {
    if (on_scale && issue->discrete &&
        std::find(issue->options.begin(), issue->options.end(), value.text) != issue->options.end()) {
      const auto x = r.point(value, field, scale_of(*issue));
      c.value = Uncertain::exactly(x.value_or(0));
      c.written = value.text;
      return x.has_value();
    }
    if (parse_relative(value.text, c)) return true;
    r.error(value, "expected a number, a distribution or a relative change such as \"+10%\" or \"-5\" for '" + field +
                       "', found " + found(value));
    return false;
  }
  std::optional<Uncertain> v;
  if (c.field == Field::risk) {
    const auto x = r.number(value, field, bounds_of(Field::risk));
    if (x) v = Uncertain::exactly(*x);
  } else if (on_scale) {
    v = r.position(value, field, scale_of(*issue));
  } else {
    v = r.uncertain(value, field, bounds_of(c.field));
  }
  if (v) c.value = *v;
  return v.has_value();
}

std::optional<Change> build_change(Reader& r, const Node& node, const Scenario& s,
                                   const std::vector<std::string>& actors, const std::vector<std::string>& issues) {
  if (!r.mapping(node, "a timeline change",
                 {"actor", "issue", "capability", "risk", "no_deal", "position", "salience", "reservation", "at_least",
                  "at_most"},
                 {"actor"})) {
    return std::nullopt;
  }
  Change c;
  c.where = node.where;
  // Reader::mapping reports a missing 'actor' and goes on; without one the change names no actor (and the
  // scenario may have none to default to), so it is not built.
  bool ok = node.find("actor") != nullptr;
  if (const Node* n = node.find("actor")) {
    const auto k = r.reference(*n, "actor", actors);
    ok = ok && k;
    c.actor = k.value_or(0);
  }
  if (const Node* n = node.find("issue")) {
    c.issue = r.reference(*n, "issue", issues);
    ok = ok && c.issue;
  }
  const Node* value = nullptr;
  std::vector<std::string> given;
  for (std::size_t f = 0; f < std::size(kFieldKeys); ++f) {
    if (const Node* n = node.find(kFieldKeys[f])) {
      given.emplace_back(kFieldKeys[f]);
      value = n;
      c.field = static_cast<Field>(f);
    }
  }
  if (given.size() != 1) {
    r.error(node,
            "expected exactly one of 'capability', 'risk', 'no_deal', 'position', 'salience', 'reservation', "
            "'at_least' or 'at_most' in a timeline change, found " +
                (given.empty() ? std::string("none") : core::quoted_list(given, "and")));
    return std::nullopt;
  }
  const bool stance_field = c.field == Field::position || c.field == Field::salience || c.field == Field::reservation ||
                            c.field == Field::at_least || c.field == Field::at_most;
  if (stance_field && !node.find("issue")) {
    r.error(node, "missing key 'issue' in a timeline change of '" + given.front() + "', which is a stance field");
    return std::nullopt;
  }
  if (!stance_field && node.find("issue")) {
    r.error(node.find("issue")->where,
            "unexpected 'issue' in a timeline change of '" + given.front() + "', which belongs to the actor");
    return std::nullopt;
  }
  if (!ok) return std::nullopt;
  if (c.issue && s.actors[c.actor].stance_on(*c.issue) == nullptr) {
    r.error(node, "actor '" + s.actors[c.actor].id + "' has no stance on issue '" + s.issues[*c.issue].id +
                      "'; a change can only modify an existing stance");
    return std::nullopt;
  }
  if (c.issue && c.field == Field::position && s.actors[c.actor].stance_on(*c.issue)->prefers != Prefers::ideal) {
    r.error(node, "actor '" + s.actors[c.actor].id + "' prefers " +
                      (s.actors[c.actor].stance_on(*c.issue)->prefers == Prefers::more ? "more" : "less") +
                      " on issue '" + s.issues[*c.issue].id + "': its stance has no position to change");
    return std::nullopt;
  }
  if (c.issue && c.field != Field::salience) {
    // A stance valued option by option has no position to move, and options with no order no limit with sides;
    // their `values` and `acceptable` are as written, for the whole timeline.
    const Stance& st = *s.actors[c.actor].stance_on(*c.issue);
    const Issue& issue = s.issues[*c.issue];
    const std::string who = "actor '" + s.actors[c.actor].id + "' on issue '" + issue.id + "'";
    if (!st.values.empty()) {
      r.error(node, who + " values its options one by one ('values'): its stance has no " + std::string(given.front()) +
                        " to change");
      return std::nullopt;
    }
    if (c.field != Field::position && (issue.nominal() || !st.acceptable.empty())) {
      r.error(node, who + (issue.nominal() ? " stands on a nominal issue" : " lists its 'acceptable' options") +
                        ": its stance has no " + given.front() + " to change");
      return std::nullopt;
    }
    if (issue.nominal() && value->kind == Kind::mapping) {
      r.error(*value, "expected an option of nominal issue '" + issue.id +
                          "' for 'position', found a distribution: options with no order have no spread");
      return std::nullopt;
    }
  }
  if (!build_change_value(r, *value, s, c)) return std::nullopt;
  if (c.issue && s.issues[*c.issue].nominal() && c.mode != Change::Mode::absolute) {
    r.error(*value, "expected an option of nominal issue '" + s.issues[*c.issue].id + "' for 'position', found '" +
                        c.written + "': options with no order cannot be shifted");
    return std::nullopt;
  }
  return c;
}

}  // namespace

void build_timeline(Reader& r, const Node& node, Scenario& s) {
  if (!r.sequence(node, "timeline")) return;
  const auto actors = actor_ids(s);
  std::vector<std::string> issues;
  for (const auto& issue : s.issues) issues.push_back(issue.id);
  IdSet ids("timeline point");
  // Every state along the way must be valid, so the changes are applied as they are read.
  std::vector<Actor> state = s.actors;
  const bool actors_complete = r.error_count() == 0;
  // Index, not pointer: the timeline grows while it is read.
  std::optional<std::size_t> last_dated;
  for (const auto& item : node.items) {
    if (!r.mapping(item, "a timeline point", {"id", "date", "label", "source", "note", "changes"}, {"id"})) continue;
    TimePoint point;
    point.where = item.where;
    if (const Node* n = item.find("id")) {
      if (auto id = r.id(*n, "id")) {
        if (*id == "start") {
          r.error(*n, "expected a timeline point id other than 'start', which names the state before any point");
        } else {
          ids.add(r, *id, n->where);
        }
        point.id = *id;
      }
    }
    if (const Node* n = item.find("date")) {
      point.date = r.date(*n, "date").value_or("");
      if (!point.date.empty() && last_dated && point.date < s.timeline[*last_dated].date) {
        const TimePoint& before = s.timeline[*last_dated];
        r.error(*n, "expected timeline points in date order, found " + point.date + " after '" + before.id + "' (" +
                        before.date + ")");
      }
    }
    if (const Node* n = item.find("label")) point.label = r.text(*n, "label").value_or("");
    if (const Node* n = item.find("source")) {
      point.source = r.text(*n, "source").value_or("");
      check_source(r, *n, s);
    }
    if (const Node* n = item.find("note")) point.note = r.text(*n, "note").value_or("");
    if (const Node* n = item.find("changes"); n && r.sequence(*n, "changes")) {
      for (const auto& change_node : n->items) {
        auto change = build_change(r, change_node, s, actors, issues);
        if (!change) continue;
        if (actors_complete) {
          if (const auto problem = apply_change(*change, s.issues, state)) r.error(change->where, *problem);
        }
        point.changes.push_back(std::move(*change));
      }
    }
    s.timeline.push_back(std::move(point));
    if (!s.timeline.back().date.empty()) last_dated = s.timeline.size() - 1;
  }
}

}  // namespace parley::scenario::detail
