// `parley show` as text tables.
#include <cmath>

#include "analysis/issue_stats.hpp"
#include "core/text.hpp"
#include "report/format.hpp"
#include "report/show.hpp"

#include "analysis/rule.hpp"
#include "report/table.hpp"

namespace parley::report {

namespace {

std::string uncertain(const Uncertain& u, const Issue* issue = nullptr) {
  std::string centre = issue != nullptr ? value_on(*issue, u.central()) : rounded(u.central());
  switch (u.shape) {
    case Uncertain::Shape::fixed:
      return centre;
    case Uncertain::Shape::normal:
      return centre + " ~N(" + rounded(u.p[0]) + ", " + rounded(u.p[1]) + ")";
    case Uncertain::Shape::uniform:
      return centre + " ~U(" + rounded(u.p[0]) + ", " + rounded(u.p[1]) + ")";
    case Uncertain::Shape::triangular:
      return centre + " ~T(" + rounded(u.p[0]) + ", " + rounded(u.p[1]) + ", " + rounded(u.p[2]) + ")";
  }
  return centre;
}

std::string section(const std::string& title) {
  return "\n" + title + "\n";
}

std::string change_text(const Scenario& s, const Change& c) {
  std::string target = s.actors[c.actor].id;
  if (c.issue) target += "." + s.issues[*c.issue].id;
  target += "." + std::string(field_name(c.field));
  std::string value;
  if (c.mode != Change::Mode::absolute) {
    value = c.written;
  } else {
    value = "= " + uncertain(c.value, c.issue && c.field != Field::salience ? &s.issues[*c.issue] : nullptr);
  }
  return target + " " + value;
}

// Issues, actors and stances: the negotiation over issues.
std::string issue_sections(const Scenario& s) {
  std::string out;
  Table issues({"issue", "name", "scale", "step", "grid", "labels / options"});
  for (const auto& issue : s.issues) {
    std::string labels;
    if (issue.discrete) {
      for (std::size_t k = 0; k < issue.options.size(); ++k)
        labels += (k ? " | " : "") + std::to_string(k) + " " + issue.options[k];
    } else {
      for (std::size_t k = 0; k < issue.labels.size(); ++k) {
        labels += (k ? " | " : "") + rounded(issue.labels[k].value) + " " + issue.labels[k].text;
      }
    }
    issues.add({issue.id, issue.name,
                issue.discrete
                    ? std::to_string(issue.options.size()) + (issue.options.size() == 1 ? " option" : " options") +
                          (issue.nominal() ? " (nominal)" : "")
                    : rounded(issue.min) + ".." + rounded(issue.max),
                rounded(issue.step), std::to_string(issue.grid_size()), labels});
  }
  out += section("Issues") + issues.render();

  Table actors({"actor", "name", "role", "capability", "risk", "no_deal"});
  for (const auto& a : s.actors) {
    actors.add({a.id, a.name, std::string(role_name(a.role)), uncertain(a.capability),
                a.risk ? rounded(*a.risk) : "auto", a.no_deal ? uncertain(*a.no_deal) : "-"});
  }
  out += section("Actors") + actors.render();

  Table stances({"actor", "issue", "position", "salience", "reservation", "acceptable", "source"});
  for (const auto& a : s.actors) {
    for (const auto& st : a.stances) {
      const Issue& issue = s.issues[st.issue];
      const auto [lo, hi] = acceptable_interval(issue, st);
      // A monotone stance shows which way it leans, and its one-sided limit as such.
      std::string position = st.prefers == Prefers::ideal  ? uncertain(st.position, &issue)
                             : st.prefers == Prefers::more ? "more is better"
                                                           : "less is better";
      // Values option by option: each option's value, the best first named as the position.
      if (!st.values.empty()) {
        position = "values";
        for (std::size_t k = 0; k < st.values.size(); ++k)
          position += (k ? ", " : " ") + issue.options[k] + " " + rounded(st.values[k]);
      }
      std::string limit = st.reservation ? uncertain(*st.reservation, &issue) : "";
      if (st.at_least) limit += (limit.empty() ? "" : ", ") + ("at least " + uncertain(*st.at_least, &issue));
      if (st.at_most) limit += (limit.empty() ? "" : ", ") + ("at most " + uncertain(*st.at_most, &issue));
      if (!st.acceptable.empty()) limit = "options listed";
      if (limit.empty()) limit = "-";
      // An ordered issue's accepted values as an interval; a nominal issue's, or a list with holes, option by option.
      std::string accepted = "[" + value_on(issue, lo) + ", " + value_on(issue, hi) + "]";
      if (st.listed(issue)) accepted = option_names(issue, st.accepted_options(issue));
      stances.add(
          {a.id, issue.id, position, uncertain(st.salience), limit, accepted, st.source.empty() ? "-" : st.source});
    }
  }
  out += section("Stances (central values; ~ gives the distribution)") + stances.render();
  return out;
}

}  // namespace

std::string show_text(const Scenario& s, const Stamp& stamp) {
  std::string out = s.title + (s.date.empty() ? "" : " (" + s.date + ")") + "\n";
  if (!s.description.empty()) out += s.description + "\n";
  out += "at: ";
  if (s.applied == 0) {
    out += "start (before any timeline point)";
  } else {
    const auto& p = s.timeline[s.applied - 1];
    out += p.id + (p.label.empty() ? "" : " - " + p.label);
  }
  out += " [" + std::to_string(s.applied) + " of " + std::to_string(s.timeline.size()) + " points applied]\n";
  out += "parley " + stamp.version + ", scenario sha256 " + stamp.scenario_sha256 + "\n";

  if (s.issues.empty()) {
    // A graph model alone (a gmcr-py import): its actors are the decision makers, known by name only.
    Table actors({"actor", "name"});
    for (const auto& a : s.actors) actors.add({a.id, a.name});
    out += section("Actors (a graph model only: no issues)") + actors.render();
  } else {
    out += issue_sections(s);
  }

  if (!s.constraints.empty()) {
    Table constraints({"constraint", "actor", "kind", "require", "pass probability"});
    for (const auto& c : s.constraints) {
      constraints.add({c.id, s.actors[c.actor].id, c.kind == ConstraintKind::ratification ? "ratification" : "red line",
                       c.require, c.kind == ConstraintKind::ratification ? uncertain(c.pass_probability) : "-"});
    }
    out += section("Constraints") + constraints.render();
  }

  if (s.models.smp) {
    std::string given;
    std::size_t count = 0;
    for (std::size_t k = 0; k < kSmpParameters.size(); ++k) {
      if (s.models.smp->value[k].empty()) continue;
      ++count;
      given += (given.empty() ? "" : ", ") + smp_words(k) + " " + s.models.smp->value[k];
    }
    for (const auto& x : s.models.smp->ideals) {
      given += (given.empty() ? "" : ", ") + std::string("ideal of ") + s.actors[x.actor].id + " toward " +
               s.actors[x.toward].id + " " + core::format_number(x.rate);
    }
    if (s.models.smp->seed)
      given += (given.empty() ? "" : ", ") + std::string("seed ") + std::to_string(*s.models.smp->seed);
    out += section("Model settings") + "  spatial model (forecast --model smp): " +
           (given.empty()                    ? "KTAB's defaults"
            : count == kSmpParameters.size() ? given
                                             : given + "; the rest KTAB's defaults") +
           "\n";
  }

  if (s.decision) {
    out += section("Decision rule") + "  " + analysis::rule_text(s) + "\n";
    std::vector<std::string> names;
    for (const auto& a : s.actors) {
      for (const auto& w : a.weights) {
        if (std::find(names.begin(), names.end(), w.name) == names.end()) names.push_back(w.name);
      }
    }
    if (!names.empty()) {
      std::vector<std::string> header{"actor"};
      header.insert(header.end(), names.begin(), names.end());
      Table weights(header);
      for (const auto& a : s.actors) {
        std::vector<std::string> row{a.id};
        for (const auto& name : names) {
          const auto it =
              std::find_if(a.weights.begin(), a.weights.end(), [&](const ActorWeight& w) { return w.name == name; });
          row.push_back(it == a.weights.end() ? "-" : core::format_number(it->value));
        }
        weights.add(row);
      }
      out += section("Weights") + weights.render();
    }
  }

  if (!s.timeline.empty()) {
    Table timeline({"", "point", "date", "label", "changes"});
    for (std::size_t p = 0; p < s.timeline.size(); ++p) {
      const auto& point = s.timeline[p];
      std::string changes;
      for (std::size_t k = 0; k < point.changes.size(); ++k)
        changes += (k ? "; " : "") + change_text(s, point.changes[k]);
      timeline.add({p < s.applied ? "*" : " ", point.id, point.date.empty() ? "-" : point.date, point.label,
                    changes.empty() ? "-" : changes});
    }
    out += section("Timeline (* applied)") + timeline.render();
  }

  if (s.conflict) {
    const Conflict& c = *s.conflict;
    Table options({"option", "controlled by", "direction", "label"});
    for (const auto& o : c.options) {
      options.add({o.id, s.actors[o.actor].id, std::string(direction_name(o.direction)), o.label});
    }
    out += section("Conflict options") + options.render();
    Table dms({"decision maker", "preferences (most important first)"});
    for (const auto& dm : c.decision_makers) {
      std::string prefs;
      if (dm.ranking.empty()) {
        for (std::size_t k = 0; k < dm.preferences.size(); ++k) prefs += (k ? " > " : "") + dm.preferences[k].text;
        if (dm.preferences.empty()) prefs = "(none: every state ties)";
      } else {
        for (std::size_t k = 0; k < dm.ranking.size(); ++k) {
          prefs += k ? " > " : "ranking: ";
          for (std::size_t t = 0; t < dm.ranking[k].size(); ++t)
            prefs += (t ? " = " : "") + c.pattern(dm.ranking[k][t]);
        }
      }
      dms.add({s.actors[dm.actor].id, prefs});
    }
    out += dms.render();
    if (!c.infeasible.empty()) {
      out += "  infeasible: ";
      for (std::size_t k = 0; k < c.infeasible.size(); ++k) out += (k ? "; " : "") + c.infeasible[k].text;
      out += "\n";
    }
    if (c.status_quo) out += "  status quo: " + c.pattern(*c.status_quo) + "\n";
  }
  return out;
}

}  // namespace parley::report
