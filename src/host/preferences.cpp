#include "host/preferences.hpp"

#include <algorithm>
#include <cmath>
#include <memory>

#include "core/text.hpp"
#include "parley/error.hpp"

namespace parley::host {

namespace {

const std::shared_ptr<const std::string>& request_name() {
  static const auto name = std::make_shared<const std::string>("request");
  return name;
}

double read_number(const doc::Node& n, double lo, double hi, const std::string& what) {
  if (n.kind != doc::Kind::number || !std::isfinite(n.number))
    refuse_at(n, what + " must be a number, found " + n.describe());
  if (n.number < lo || n.number > hi)
    refuse_at(n, what + " must lie in [" + core::format_number(lo) + ", " + core::format_number(hi) + "]");
  return n.number;
}

}  // namespace

void refuse_at(const doc::Node& where, const std::string& message) {
  throw Refused(Refused::Kind::bad_request, format_diagnostic({Severity::error, where.where, message}));
}

doc::Node read_body(std::string_view body) {
  Diagnostics diags;
  auto tree = doc::parse_json(body, request_name(), diags);
  if (!tree) {
    const auto sorted = diags.sorted();
    throw Refused(Refused::Kind::bad_request,
                  sorted.empty() ? "request: error: not JSON" : format_diagnostic(sorted.front()));
  }
  return std::move(*tree);
}

doc::Node value_node(const Issue& issue, double value) {
  if (issue.discrete) {
    const auto k = static_cast<std::size_t>(std::lround(value));
    if (k < issue.options.size()) return doc::Node::make_string(issue.options[k]);
  }
  return doc::Node::make_number(value);
}

double read_value(const Issue& issue, const doc::Node& value, std::string_view what) {
  const std::string name = std::string(what) + " on '" + issue.id + "'";
  if (issue.discrete) {
    if (value.kind == doc::Kind::string) {
      for (std::size_t k = 0; k < issue.options.size(); ++k)
        if (issue.options[k] == value.text) return static_cast<double>(k);
      refuse_at(value, name + ": no option '" + value.text + "'; expected " + core::quoted_list(issue.options));
    }
    const double k = read_number(value, 0, static_cast<double>(issue.options.size() - 1), name);
    if (k != std::floor(k)) refuse_at(value, name + " must be an option name or index");
    return k;
  }
  return read_number(value, issue.min, issue.max, name);
}

Preferences read_preferences(const Scenario& s, std::string_view body) {
  return read_preferences(s, read_body(body));
}

Preferences read_preferences(const Scenario& s, const doc::Node& tree) {
  if (tree.kind != doc::Kind::mapping) refuse_at(tree, "preferences must be a mapping, found " + tree.describe());
  Preferences p;
  p.stances.resize(s.issues.size());
  bool seen_stances = false;
  for (const auto& [key, value] : tree.entries) {
    if (key.text == "no_deal") {
      p.no_deal = read_number(value, 0, 1, "no_deal");
    } else if (key.text == "stances") {
      seen_stances = true;
      if (value.kind != doc::Kind::mapping) refuse_at(value, "stances must be a mapping, found " + value.describe());
      for (const auto& [issue_key, stance] : value.entries) {
        const auto k = s.issue_index(issue_key.text);
        if (!k) {
          std::vector<std::string> ids;
          for (const auto& i : s.issues) ids.push_back(i.id);
          throw Refused(Refused::Kind::bad_request,
                        format_diagnostic({Severity::error, issue_key.where,
                                           "no issue '" + issue_key.text + "'; expected " + core::quoted_list(ids)}));
        }
        if (stance.kind != doc::Kind::mapping)
          refuse_at(stance, "the stance on '" + issue_key.text + "' must be a mapping, found " + stance.describe());
        const Issue& issue = s.issues[*k];
        Stance st;
        const doc::Node* position = stance.find("position");
        if (!position) refuse_at(stance, "the stance on '" + issue.id + "' has no position");
        st.position = read_value(issue, *position, "position");
        const doc::Node* salience = stance.find("salience");
        if (!salience) refuse_at(stance, "the stance on '" + issue.id + "' has no salience");
        st.salience = read_number(*salience, 0, 100, "salience on '" + issue.id + "'");
        // Options with no order have no limits with sides: the options accepted are listed instead.
        if (issue.nominal()) {
          for (const char* side : {"reservation", "at_least", "at_most"}) {
            if (const doc::Node* n = stance.find(side); n && n->kind != doc::Kind::null)
              refuse_at(*n, std::string(side) + " on '" + issue.id +
                                "': its options have no order; list the options accepted as 'acceptable'");
          }
        }
        if (const doc::Node* r = stance.find("reservation"); r && r->kind != doc::Kind::null)
          st.reservation = read_value(issue, *r, "reservation");
        // One-sided limits, each on its side of the position (a limit past it would refuse the party's own ideal)
        // and not beside a reservation, which bounds both sides.
        for (const char* limit : {"at_least", "at_most"}) {
          const doc::Node* n = stance.find(limit);
          if (!n || n->kind == doc::Kind::null) continue;
          const bool least = std::string_view(limit) == "at_least";
          if (st.reservation)
            refuse_at(*n, "the stance on '" + issue.id + "' has 'reservation' or '" + limit + "', not both");
          const double x = read_value(issue, *n, limit);
          if (least ? x > st.position : x < st.position)
            refuse_at(*n, std::string(limit) + " on '" + issue.id + "' must be " + (least ? "at most" : "at least") +
                              " the position: the party would refuse its own ideal point");
          (least ? st.at_least : st.at_most) = x;
        }
        if (const doc::Node* a = stance.find("acceptable"); a && a->kind != doc::Kind::null) {
          if (!issue.discrete)
            refuse_at(*a, "acceptable on '" + issue.id +
                              "': a scale's limits are 'reservation', 'at_least' and "
                              "'at_most'");
          if (st.reservation || st.at_least || st.at_most)
            refuse_at(*a, "the stance on '" + issue.id + "' has 'acceptable' or another limit, not both");
          if (a->kind != doc::Kind::sequence || a->items.empty())
            refuse_at(*a, "acceptable on '" + issue.id + "' must be a non-empty list of options");
          for (const auto& item : a->items) {
            const auto o = static_cast<std::size_t>(read_value(issue, item, "acceptable"));
            if (std::find(st.acceptable.begin(), st.acceptable.end(), o) != st.acceptable.end())
              refuse_at(item, "acceptable on '" + issue.id + "' lists '" + issue.options[o] + "' twice");
            st.acceptable.push_back(o);
          }
          std::sort(st.acceptable.begin(), st.acceptable.end());
        }
        for (const auto& [field, v] : stance.entries)
          if (field.text != "position" && field.text != "salience" && field.text != "reservation" &&
              field.text != "at_least" && field.text != "at_most" && field.text != "acceptable")
            throw Refused(Refused::Kind::bad_request,
                          format_diagnostic({Severity::error, field.where,
                                             "unknown stance field '" + field.text +
                                                 "'; expected 'position', 'salience', 'reservation', 'at_least', "
                                                 "'at_most' or 'acceptable'"}));
        p.stances[*k] = st;
      }
    } else {
      throw Refused(Refused::Kind::bad_request,
                    format_diagnostic({Severity::error, key.where,
                                       "unknown field '" + key.text + "'; expected 'stances' or 'no_deal'"}));
    }
  }
  if (!seen_stances) refuse_at(tree, "preferences need 'stances'");
  return p;
}

doc::Node preferences_node(const Scenario& s, const Preferences& p) {
  auto stances = doc::Node::make_mapping();
  for (std::size_t k = 0; k < s.issues.size(); ++k) {
    if (!p.stances[k]) continue;
    const Stance& st = *p.stances[k];
    auto m = doc::Node::make_mapping();
    m.set("position", value_node(s.issues[k], st.position));
    m.set("salience", doc::Node::make_number(st.salience));
    if (st.reservation) m.set("reservation", value_node(s.issues[k], *st.reservation));
    if (st.at_least) m.set("at_least", value_node(s.issues[k], *st.at_least));
    if (st.at_most) m.set("at_most", value_node(s.issues[k], *st.at_most));
    if (!st.acceptable.empty()) {
      auto options = doc::Node::make_sequence();
      for (const std::size_t o : st.acceptable) options.push(value_node(s.issues[k], static_cast<double>(o)));
      m.set("acceptable", std::move(options));
    }
    stances.set(s.issues[k].id, std::move(m));
  }
  auto n = doc::Node::make_mapping();
  n.set("stances", std::move(stances));
  if (p.no_deal) n.set("no_deal", doc::Node::make_number(*p.no_deal));
  return n;
}

Preferences preferences_of(const Scenario& s, const doc::Node& stored) {
  return read_preferences(s, stored);
}

}  // namespace parley::host
