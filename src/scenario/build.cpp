// Top level, sources, issues and actors of a scenario file.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "core/text.hpp"
#include "scenario/build.hpp"

namespace parley::scenario {

using doc::Kind;
using doc::Node;

namespace detail {

namespace {
// A grid finer than this is a typo in `step`, not an analysis anyone can run.
constexpr std::size_t kMaxGridPoints = 1'000'001;
}  // namespace

Scale scale_of(const Issue& issue) {
  return Scale{Bounds{issue.min, issue.max}, issue.discrete ? &issue.options : nullptr, issue.id};
}

Bounds bounds_of(Field f) {
  switch (f) {
    case Field::capability:
      return {0.0, std::nullopt};
    case Field::risk:
      return {0.5, 2.0};
    case Field::no_deal:
      return {0.0, 1.0};
    case Field::salience:
      return {0.0, 100.0};
    default:
      return {};
  }
}

void check_source(Reader& r, const Node& node, const Scenario& s) {
  if (node.kind == Kind::string && s.source(node.text) != nullptr) return;
  std::vector<std::string> known;
  known.reserve(s.sources.size());
  for (const auto& src : s.sources) known.push_back(src.id);
  (void)r.reference(node, "source", known);
}

void build_sources(Reader& r, const Node& node, Scenario& s) {
  if (node.kind != Kind::mapping) {
    r.error(node, "expected 'sources' as a mapping from source id to {title, url, date, note}, found " + found(node));
    return;
  }
  for (const auto& [key, value] : node.entries) {
    Source src;
    src.where = key.where;
    if (!core::is_valid_id(key.text)) {
      r.error(key.where, "expected a source id (a lower-case letter, then lower-case letters, digits or '_'), found '" +
                             key.text + "' (try '" + core::id_from_name(key.text) + "')");
    }
    src.id = key.text;
    if (!r.mapping(value, "a source", {"title", "url", "date", "note"}, {"title"})) continue;
    if (const Node* n = value.find("title")) src.title = r.text(*n, "title").value_or("");
    if (const Node* n = value.find("url")) src.url = r.text(*n, "url").value_or("");
    if (const Node* n = value.find("date")) src.date = r.date(*n, "date").value_or("");
    if (const Node* n = value.find("note")) src.note = r.text(*n, "note").value_or("");
    s.sources.push_back(std::move(src));
  }
}

namespace {

void build_scale(Reader& r, const Node& node, Issue& issue) {
  if (node.kind != Kind::sequence || node.items.size() != 2) {
    r.error(node, "expected 'scale' as [min, max], found " +
                      (node.kind == Kind::sequence ? "a list of " + std::to_string(node.items.size()) : found(node)));
    return;
  }
  const auto lo = r.number(node.items[0], "scale");
  const auto hi = r.number(node.items[1], "scale");
  if (!lo || !hi) return;
  if (!(*lo < *hi)) {
    r.error(node, "expected 'scale' as [min, max] with min < max, found [" + core::format_number(*lo) + ", " +
                      core::format_number(*hi) + "]");
    return;
  }
  if (!std::isfinite(*hi - *lo)) {
    // Every model works in units of the scale's width (utilities, grid steps); one past a double's range would
    // make them all infinite or NaN (found by fuzzing).
    r.error(node, "expected 'scale' as [min, max] with a width a number can hold, found [" + core::format_number(*lo) +
                      ", " + core::format_number(*hi) + "]");
    return;
  }
  if (const double tenth = (*hi - *lo) / 10;
      !(tenth >= std::numeric_limits<double>::min()) || *lo + tenth == *lo || *hi - tenth == *hi) {
    // A width whose default step (a tenth) vanishes next to the scale's ends has no grid to analyse.
    r.error(node,
            "expected 'scale' as [min, max] with a width a grid can divide (its tenth a step that changes both "
            "ends), found [" +
                core::format_number(*lo) + ", " + core::format_number(*hi) + "]");
    return;
  }
  issue.min = *lo;
  issue.max = *hi;
}

void build_labels(Reader& r, const Node& node, Issue& issue) {
  if (node.kind != Kind::mapping) {
    r.error(node, "expected 'labels' as a mapping from a point on the scale to its label, found " + found(node));
    return;
  }
  for (const auto& [key, value] : node.entries) {
    double x = 0;
    const auto t = core::trim(key.text);
    const auto res = std::from_chars(t.data(), t.data() + t.size(), x);
    if (t.empty() || res.ec != std::errc() || res.ptr != t.data() + t.size() || !std::isfinite(x)) {
      r.error(key.where, "expected a number on the scale as a label's key, found '" + key.text + "'");
      continue;
    }
    if (x < issue.min || x > issue.max) {
      r.error(key.where, "expected a label's point in [" + core::format_number(issue.min) + ", " +
                             core::format_number(issue.max) + "], found " + key.text);
      continue;
    }
    const auto same =
        std::find_if(issue.labels.begin(), issue.labels.end(), [&](const Label& l) { return l.value == x; });
    if (same != issue.labels.end()) {
      r.error(key.where, "duplicate label at " + core::format_number(x) + " ('" + key.text + "'); '" + same->text +
                             "' already labels that point");
      continue;
    }
    if (auto text = r.text(value, "label")) issue.labels.push_back({x, std::move(*text)});
  }
  std::stable_sort(issue.labels.begin(), issue.labels.end(),
                   [](const Label& a, const Label& b) { return a.value < b.value; });
}

void build_options(Reader& r, const Node& node, Issue& issue) {
  if (!r.sequence(node, "options")) return;
  if (node.items.size() < 2) {
    r.error(node, "expected at least 2 options in discrete issue '" + issue.id + "', found " +
                      std::to_string(node.items.size()));
  }
  for (const auto& item : node.items) {
    auto name = r.text(item, "options");
    if (!name) continue;
    if (std::find(issue.options.begin(), issue.options.end(), *name) != issue.options.end()) {
      r.error(item, "duplicate option '" + *name + "' in issue '" + issue.id + "'");
      continue;
    }
    if (name->empty()) {
      r.error(item, "expected an option name, found an empty text");
      continue;
    }
    issue.options.push_back(std::move(*name));
  }
  issue.min = 0;
  issue.max = static_cast<double>(std::max<std::size_t>(issue.options.size(), 2) - 1);
  issue.step = 1;
}

Issue build_issue(Reader& r, const Node& node, IdSet& ids) {
  Issue issue;
  issue.where = node.where;
  if (!r.mapping(node, "an issue", {"id", "name", "description", "scale", "labels", "step", "options", "ordered"},
                 {"id"})) {
    return issue;
  }
  issue.id = ids.read(r, node);
  issue.name = issue.id;
  if (const Node* n = node.find("name")) issue.name = r.text(*n, "name").value_or(issue.id);
  if (const Node* n = node.find("description")) issue.description = r.text(*n, "description").value_or("");
  if (const Node* opts = node.find("options")) {
    issue.discrete = true;
    for (const char* key : {"scale", "step", "labels"}) {
      if (const Node* n = node.find(key)) {
        r.error(n->where, "unexpected '" + std::string(key) + "' in discrete issue '" + issue.id +
                              "'; its options name its points and set its scale (0 to n-1) and step (1)");
      }
    }
    build_options(r, *opts, issue);
    if (const Node* n = node.find("ordered")) {
      if (n->kind != Kind::boolean) {
        r.error(*n, "expected true or false for 'ordered', found " + found(*n));
      } else {
        issue.ordered = n->boolean;
      }
    }
    return issue;
  }
  if (const Node* n = node.find("ordered")) {
    r.error(n->where, "unexpected 'ordered' in continuous issue '" + issue.id +
                          "'; a scale is ordered, and 'ordered: false' makes the options of a discrete issue nominal");
  }
  if (const Node* n = node.find("scale")) build_scale(r, *n, issue);
  issue.step = (issue.max - issue.min) / 10;
  if (const Node* n = node.find("step")) {
    if (const auto step = r.number(*n, "step")) {
      if (*step <= 0 || *step > issue.max - issue.min) {
        r.error(*n, "expected 'step' in (0, " + core::format_number(issue.max - issue.min) + "], found " + n->text);
      } else if ((issue.max - issue.min) / *step >= static_cast<double>(kMaxGridPoints)) {
        r.error(*n, "expected 'step' to give at most " + std::to_string(kMaxGridPoints - 1) +
                        " grid intervals, found " + n->text + " (" +
                        core::format_number(std::ceil((issue.max - issue.min) / *step)) + " intervals)");
      } else {
        issue.step = *step;
        issue.step_given = true;
      }
    }
  }
  if (const Node* n = node.find("labels")) build_labels(r, *n, issue);
  return issue;
}

}  // namespace

void build_issues(Reader& r, const Node& node, Scenario& s) {
  if (!r.sequence(node, "issues", 1)) return;
  IdSet ids("issue");
  for (const auto& item : node.items) s.issues.push_back(build_issue(r, item, ids));
}

namespace {

std::optional<Role> parse_role(Reader& r, const Node& node) {
  static const std::vector<std::string> kRoles = {"party", "mediator", "guarantor", "stakeholder"};
  const auto k = r.reference(node, "role", kRoles);
  if (!k) return std::nullopt;
  return static_cast<Role>(*k);
}

// `values`: the actor's value of each option of a discrete issue, in [0, 1], every option once. The position is
// then the best option (the first of ties), which the forecasts read.
bool build_values(Reader& r, const Node& node, const Issue& issue, Stance& st) {
  if (!issue.discrete) {
    r.error(node.where, "unexpected 'values' on continuous issue '" + issue.id +
                            "'; values of options need an issue with options (a scale's values come from 'position')");
    return false;
  }
  if (node.kind != Kind::mapping) {
    r.error(node, "expected 'values' as a mapping from option to a number in [0, 1], found " + found(node));
    return false;
  }
  std::vector<std::optional<double>> values(issue.options.size());
  bool ok = true;
  for (const auto& [key, value] : node.entries) {
    Node key_node = Node::make_string(key.text);
    key_node.where = key.where;
    const auto k = r.reference(key_node, "option", issue.options);
    const auto v = r.number(value, "values", Bounds{0.0, 1.0});
    if (!k || !v) {
      ok = false;
      continue;
    }
    if (values[*k]) {
      r.error(key.where, "duplicate option '" + key.text + "' in 'values'");
      ok = false;
      continue;
    }
    values[*k] = *v;
  }
  std::vector<std::string> missing;
  for (std::size_t k = 0; k < values.size(); ++k) {
    if (!values[k]) missing.push_back(issue.options[k]);
  }
  if (ok && !missing.empty()) {
    r.error(node, "expected a value for every option of issue '" + issue.id + "', missing " +
                      core::quoted_list(missing, "and"));
    return false;
  }
  if (!ok) return false;
  for (const auto& v : values) st.values.push_back(*v);
  const auto best = std::max_element(st.values.begin(), st.values.end());
  st.position = Uncertain::exactly(static_cast<double>(best - st.values.begin()));
  return true;
}

// `acceptable`: the options of a discrete issue the actor accepts, by name or index, at least one.
bool build_acceptable(Reader& r, const Node& node, const Issue& issue, const Scale& scale, Stance& st) {
  if (!issue.discrete) {
    r.error(node.where, "unexpected 'acceptable' on continuous issue '" + issue.id +
                            "'; a scale's limits are 'reservation', 'at_least' and 'at_most'");
    return false;
  }
  if (!r.sequence(node, "acceptable", 1)) return false;
  for (const auto& item : node.items) {
    const auto x = r.point(item, "acceptable", scale);
    if (!x) return false;
    const auto k = static_cast<std::size_t>(*x);
    if (std::find(st.acceptable.begin(), st.acceptable.end(), k) != st.acceptable.end()) {
      r.error(item, "duplicate option '" + issue.options[k] + "' in 'acceptable'");
      return false;
    }
    st.acceptable.push_back(k);
  }
  std::sort(st.acceptable.begin(), st.acceptable.end());
  return true;
}

// `position`, or `prefers: more | less` (which puts the position at the scale's end it prefers), or `values` on a
// discrete issue. Exactly one.
bool build_preference(Reader& r, const Node& stance, const Issue& issue, const Scale& scale, Stance& st) {
  const Node* position = stance.find("position");
  const Node* prefers = stance.find("prefers");
  if (const Node* values = stance.find("values")) {
    for (const Node* other : {position, prefers}) {
      if (other == nullptr) continue;
      r.error(other == position ? stance.find("position")->where : stance.find("prefers")->where,
              std::string("a stance has 'values' or '") + (other == position ? "position" : "prefers") +
                  "', not both: with values, its position is its best option");
      return false;
    }
    return build_values(r, *values, issue, st);
  }
  if (issue.nominal() && prefers) {
    r.error(prefers->where, "unexpected 'prefers' on nominal issue '" + issue.id +
                                "': its options have no order; give 'position' or 'values'");
    return false;
  }
  if (issue.nominal() && position && position->kind == Kind::mapping) {
    r.error(*position, "expected an option of nominal issue '" + issue.id +
                           "' for 'position', found a distribution: options with no order have no spread");
    return false;
  }
  if (position && prefers) {
    r.error(prefers->where,
            "a stance has 'position' or 'prefers', not both: one that prefers more stands at the "
            "scale's top");
    return false;
  }
  if (!position && !prefers) {
    r.error(stance,
            "missing key 'position' in a stance (or 'prefers: more' / 'prefers: less' for a monotone one, or "
            "'values' on an issue with options)");
    return false;
  }
  if (position) {
    const auto v = r.position(*position, "position", scale);
    if (v) st.position = *v;
    return v.has_value();
  }
  static const std::vector<std::string> kWays = {"more", "less"};
  const auto way = r.reference(*prefers, "preference", kWays);
  if (!way) return false;
  st.prefers = *way == 0 ? Prefers::more : Prefers::less;
  const double top = issue.discrete ? static_cast<double>(issue.options.size() - 1) : issue.max;
  const double bottom = issue.discrete ? 0.0 : issue.min;
  st.position = Uncertain::exactly(st.prefers == Prefers::more ? top : bottom);
  return true;
}

// `at_least` and `at_most`: one-sided limits, around an ideal point or at the end a monotone stance prefers. The actor
// accepts the values from `at_least` up and from `at_most` down (both: the interval between them), so each must lie
// on its side of the position: a limit past it would refuse the actor's own ideal.
bool build_one_sided(Reader& r, const Node& stance, const Issue& issue, const Scale& scale, Stance& st) {
  bool ok = true;
  // Options with no order, or valued one by one, have no sides: their limit is the list of acceptable options.
  if (issue.nominal() || !st.values.empty()) {
    for (const char* key : {"reservation", "at_least", "at_most"}) {
      if (const Node* n = stance.find(key)) {
        r.error(n->where, std::string("unexpected '") + key + "' in a stance " +
                              (issue.nominal() ? "on nominal issue '" + issue.id + "'" : std::string("with 'values'")) +
                              ": " +
                              (issue.nominal() ? "its options have no order" : "its options are valued one by one") +
                              "; give the options it accepts as 'acceptable'");
        ok = false;
      }
    }
    if (!ok) return false;
  }
  if (const Node* n = stance.find("acceptable")) {
    for (const char* key : {"reservation", "at_least", "at_most"}) {
      if (stance.find(key)) {
        r.error(n->where, std::string("a stance has 'acceptable' or '") + key + "', not both");
        return false;
      }
    }
    return build_acceptable(r, *n, issue, scale, st);
  }
  for (const char* key : {"at_least", "at_most"}) {
    const Node* n = stance.find(key);
    if (!n) continue;
    const bool least = std::string_view(key) == "at_least";
    if (stance.find("reservation")) {
      r.error(n->where, std::string("a stance has 'reservation' or '") + key +
                            "', not both: a reservation bounds both sides of the position, '" + key + "' one");
      ok = false;
      continue;
    }
    if (st.prefers != Prefers::ideal && (st.prefers == Prefers::more) != least) {
      r.error(n->where, std::string("'") + key + "' bounds a stance that prefers " +
                            (st.prefers == Prefers::more ? "more" : "less") + " on the side it prefers; give '" +
                            (least ? "at_most" : "at_least") + "'");
      ok = false;
      continue;
    }
    auto limit = r.position(*n, key, scale);
    if (!limit) {
      ok = false;
      continue;
    }
    const double p = st.position.central(), x = limit->central();
    if (st.prefers == Prefers::ideal && (least ? x > p : x < p)) {
      const auto shown = [&](double v) {
        return issue.discrete ? "'" + issue.options[static_cast<std::size_t>(v)] + "'" : core::format_number(v);
      };
      r.error(n->where, std::string("expected '") + key + "' " + (least ? "at most" : "at least") + " the position (" +
                            shown(p) + "), found " + shown(x) + ": the actor would refuse its own ideal point");
      ok = false;
      continue;
    }
    (least ? st.at_least : st.at_most) = *limit;
  }
  return ok;
}

void build_stances(Reader& r, const Node& node, const Scenario& s, const std::vector<std::string>& issue_ids,
                   Actor& actor) {
  if (node.kind != Kind::mapping) {
    r.error(node, "expected 'stances' as a mapping from issue id to stance, found " + found(node));
    return;
  }
  for (const auto& [key, value] : node.entries) {
    Node key_node = Node::make_string(key.text);
    key_node.where = key.where;
    const auto k = r.reference(key_node, "issue", issue_ids);
    if (!r.mapping(value, "a stance",
                   {"position", "prefers", "values", "salience", "reservation", "at_least", "at_most", "acceptable",
                    "source", "note"},
                   {"salience"}) ||
        !k) {
      continue;
    }
    const Issue& issue = s.issues[*k];
    Stance st;
    st.issue = *k;
    st.where = key.where;
    const Scale scale = scale_of(issue);
    bool ok = true;
    const bool placed = build_preference(r, value, issue, scale, st);
    ok = placed && ok;
    if (const Node* n = value.find("salience")) {
      const auto v = r.uncertain(*n, "salience", bounds_of(Field::salience));
      ok = ok && v.has_value();
      if (v) st.salience = *v;
    }
    if (const Node* n = value.find("reservation")) {
      st.reservation = r.position(*n, "reservation", scale);
      ok = ok && st.reservation.has_value();
    }
    // Where a limit may lie depends on the position: without one, only the position's error is worth reading.
    if (placed) ok = build_one_sided(r, value, issue, scale, st) && ok;
    if (const Node* n = value.find("source")) {
      st.source = r.text(*n, "source").value_or("");
      check_source(r, *n, s);
    }
    if (const Node* n = value.find("note")) st.note = r.text(*n, "note").value_or("");
    if (ok) actor.stances.push_back(std::move(st));
  }
  std::stable_sort(actor.stances.begin(), actor.stances.end(),
                   [](const Stance& a, const Stance& b) { return a.issue < b.issue; });
}

Actor build_actor(Reader& r, const Node& node, const Scenario& s, const std::vector<std::string>& issue_ids,
                  IdSet& ids) {
  Actor a;
  a.where = node.where;
  if (!r.mapping(node, "an actor",
                 {"id", "name", "description", "role", "capability", "risk", "no_deal", "weights", "stances", "source",
                  "note"},
                 {"id", "capability"})) {
    return a;
  }
  a.id = ids.read(r, node);
  a.name = a.id;
  if (const Node* n = node.find("name")) a.name = r.text(*n, "name").value_or(a.id);
  if (const Node* n = node.find("description")) a.description = r.text(*n, "description").value_or("");
  if (const Node* n = node.find("role")) a.role = parse_role(r, *n).value_or(Role::party);
  if (const Node* n = node.find("capability")) {
    a.capability = r.uncertain(*n, "capability", bounds_of(Field::capability)).value_or(Uncertain::exactly(0));
  }
  if (const Node* n = node.find("risk")) {
    if (!(n->kind == Kind::string && n->text == "auto")) {
      if (n->kind != Kind::number) {
        r.error(*n, "expected a number in [0.5, 2] or 'auto' for 'risk', found " + detail::found(*n));
      } else {
        a.risk = r.number(*n, "risk", bounds_of(Field::risk));
      }
    }
  }
  if (const Node* n = node.find("no_deal")) a.no_deal = r.uncertain(*n, "no_deal", bounds_of(Field::no_deal));
  if (const Node* n = node.find("weights")) build_actor_weights(r, *n, a);
  if (const Node* n = node.find("stances")) build_stances(r, *n, s, issue_ids, a);
  if (const Node* n = node.find("source")) {
    a.source = r.text(*n, "source").value_or("");
    check_source(r, *n, s);
  }
  if (const Node* n = node.find("note")) a.note = r.text(*n, "note").value_or("");
  return a;
}

}  // namespace

void build_actors(Reader& r, const Node& node, Scenario& s) {
  if (!r.sequence(node, "actors", 2)) return;
  IdSet ids("actor");
  std::vector<std::string> issue_ids;
  for (const auto& issue : s.issues) issue_ids.push_back(issue.id);
  s.actors.reserve(node.items.size());
  for (const auto& item : node.items) s.actors.push_back(build_actor(r, item, s, issue_ids, ids));
}

}  // namespace detail

std::optional<Scenario> from_document(const Node& root, Diagnostics& diags) {
  detail::Reader r(diags);
  const std::size_t before = diags.error_count();
  Scenario s;
  if (!r.mapping(root, "the scenario",
                 {"parley", "title", "date", "description", "sources", "issues", "actors", "constraints", "timeline",
                  "conflict", "decision", "models"},
                 {"parley", "title", "issues", "actors"})) {
    return std::nullopt;
  }
  if (const Node* n = root.find("parley")) {
    if (n->kind != Kind::number || n->number != 1) {
      r.error(*n, "expected format version 1 for 'parley', found " + detail::found(*n));
    }
  }
  if (const Node* n = root.find("title")) s.title = r.text(*n, "title").value_or("");
  if (const Node* n = root.find("date")) s.date = r.date(*n, "date").value_or("");
  if (const Node* n = root.find("description")) s.description = r.text(*n, "description").value_or("");
  if (const Node* n = root.find("sources")) detail::build_sources(r, *n, s);
  if (const Node* n = root.find("issues")) detail::build_issues(r, *n, s);
  // Later sections refer to issue and actor ids; with broken ids they would only add noise.
  if (const Node* n = root.find("actors")) detail::build_actors(r, *n, s);
  if (const Node* n = root.find("decision")) detail::build_decision(r, *n, s);
  if (const Node* n = root.find("constraints")) detail::build_constraints(r, *n, s);
  if (const Node* n = root.find("timeline")) detail::build_timeline(r, *n, s);
  if (const Node* n = root.find("conflict")) detail::build_conflict(r, *n, s);
  if (const Node* n = root.find("models")) detail::build_models(r, *n, s);
  if (diags.error_count() != before) return std::nullopt;
  return s;
}

}  // namespace parley::scenario
