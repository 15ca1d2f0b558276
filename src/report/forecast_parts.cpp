#include "report/forecast_parts.hpp"

#include "analysis/issue_stats.hpp"
#include "core/stats.hpp"
#include "report/format.hpp"

namespace parley::report::parts {

void seed_entry(doc::Emitter& e, std::uint64_t seed) {
  if (seed < (1ULL << 53)) {
    e.num("seed", static_cast<double>(seed));
  } else {
    e.str("seed", std::to_string(seed));
  }
}

using doc::Emitter;

std::string fmt(double x, int decimals) {
  return rounded(x, decimals);
}

namespace {

std::string_view violation_kind(analysis::Violation::Kind k) {
  switch (k) {
    case analysis::Violation::Kind::reservation:
      return "reservation";
    case analysis::Violation::Kind::red_line:
      return "red_line";
    case analysis::Violation::Kind::no_deal:
      return "no_deal";
  }
  return "reservation";
}

// A violation's name, unique in its package: actor, kind and what it is about.
std::string violation_id(const Scenario& s, const analysis::Violation& v) {
  std::string id = s.actors[v.actor].id + ":" + std::string(violation_kind(v.kind));
  if (v.kind == analysis::Violation::Kind::reservation) id += ":" + s.issues[v.issue].id;
  if (v.kind == analysis::Violation::Kind::red_line) id += ":" + s.constraints[v.rule].id;
  return id;
}

}  // namespace

// A value of the issue's scale: on a discrete issue the nearest option by name (the model moves positions on
// the options' order, so a position may fall between two), else the number.
std::optional<std::string> option_name(const Issue& issue, double x) {
  if (!issue.discrete || issue.options.empty()) return std::nullopt;
  return issue.options[core::nearest_option(x, issue.options.size())];
}

// A value of the issue's scale under `key`: an option by name, or the number.
void scale(Emitter& e, std::string_view key, const Issue& issue, double x) {
  if (const auto option = option_name(issue, x)) {
    e.str(key, *option);
  } else {
    computed(e, key, x);
  }
}

void check_part(Emitter& e, const Scenario& s, const analysis::PackageCheck& c) {
  e.begin_mapping("check");
  e.flag("complete", c.complete);
  e.begin_sequence("violations");
  for (const auto& v : c.violations) {
    e.begin_mapping();
    e.str("id", violation_id(s, v));
    e.str("actor", s.actors[v.actor].id);
    e.str("kind", violation_kind(v.kind));
    if (v.kind == analysis::Violation::Kind::reservation) {
      const Issue& issue = s.issues[v.issue];
      const Stance* st = s.actors[v.actor].stance_on(v.issue);
      e.str("issue", issue.id);
      computed(e, "value", v.value);
      // Options accepted one by one, or with no order, have no ends: they are listed.
      if (st != nullptr && st->listed(issue)) {
        e.nothing("low");
        e.nothing("high");
        e.begin_sequence("options");
        for (const std::size_t k : st->accepted_options(issue)) e.string(issue.options[k]);
        e.end_sequence();
      } else {
        computed(e, "low", v.low);
        computed(e, "high", v.high);
      }
    } else if (v.kind == analysis::Violation::Kind::red_line) {
      e.str("rule", s.constraints[v.rule].id);
    } else {
      computed(e, "utility", v.value);
      computed(e, "no_deal", v.low);
    }
    e.end_mapping();
  }
  e.end_sequence();
  e.begin_sequence("votes");
  for (const auto& vote : c.votes) {
    e.begin_mapping();
    e.str("id", s.constraints[vote.rule].id);
    e.flag("holds", vote.holds);
    computed(e, "pass", vote.pass);
    e.end_mapping();
  }
  e.end_sequence();
  computed(e, "ratification", c.ratification);
  e.end_mapping();
}

// The nominal issues' forecasts: each option's share, and the plurality option as the forecast.
void nominal_part(Emitter& e, const Scenario& s, const std::vector<NominalForecast>& nominal) {
  e.begin_sequence("nominal");
  for (const auto& n : nominal) {
    const Issue& issue = s.issues[n.issue];
    e.begin_mapping();
    e.str("issue", issue.id);
    e.begin_mapping("shares");
    for (std::size_t j = 0; j < n.shares.size(); ++j) computed(e, issue.options[j], n.shares[j]);
    e.end_mapping();
    e.str("forecast", issue.options[n.plurality]);
    e.end_mapping();
  }
  e.end_sequence();
}

// A nominal issue's actors at their best options, with their shares of the weight (capability x salience; 0 each
// when nobody weighs it), for the CSV rows; a stance that values every option alike has no best option.
std::vector<NominalRow> nominal_rows(const Scenario& s, std::size_t k) {
  const Issue& issue = s.issues[k];
  std::vector<NominalRow> out;
  double total = 0;
  for (const auto& a : s.actors) {
    const Stance* st = a.stance_on(k);
    if (st == nullptr || st->flat()) continue;
    const double w = a.capability.central() * st->salience.central();
    out.push_back({&a, issue.options[analysis::nearest_option(issue, st->position.central())], w});
    total += w;
  }
  for (auto& row : out) row.share = total > 0 ? row.share / total : 0.0;
  return out;
}

// A nominal issue in text: why no model ran, and the shares with the plurality option.
std::string nominal_text(const Scenario& s, const NominalForecast& n) {
  const Issue& issue = s.issues[n.issue];
  std::string out = "\n" + issue.id + (issue.name.empty() || issue.name == issue.id ? "" : " (" + issue.name + ")") +
                    "\n  nominal: its options have no order, so no spatial model runs on it; each option's share of "
                    "the weight (capability x salience) of the actors whose best option it is:\n   ";
  for (std::size_t j = 0; j < n.shares.size(); ++j)
    out += (j ? ", " : " ") + issue.options[j] + " " + rounded(100 * n.shares[j], 1) + "%";
  return out + "\n  forecast: " + issue.options[n.plurality] + " (the plurality option)\n";
}

// The forecast package against the parties' limits, red lines, no_deal levels and ratification votes;
// `unsettled` names the issues whose values are not firm.
std::string check_text(const Scenario& s, const analysis::PackageCheck& c, const std::string& unsettled,
                       const std::string& at) {
  std::string out = "\nThe forecast package against the parties' limits";
  if (!unsettled.empty()) out += " (" + unsettled + " at " + at + ", not settled)";
  out += ":\n";
  for (const auto& v : c.violations) {
    const std::string& who = s.actors[v.actor].id;
    switch (v.kind) {
      case analysis::Violation::Kind::reservation: {
        const Issue& issue = s.issues[v.issue];
        const Stance* st = s.actors[v.actor].stance_on(v.issue);
        std::string accepted = value_on(issue, v.low, 3) + " to " + value_on(issue, v.high, 3);
        // Options listed one by one, or with no order, are named one by one.
        if (st != nullptr && st->listed(issue)) accepted = option_names(issue, st->accepted_options(issue));
        out += "  " + who + ": " + issue.id + " " + value_on(issue, v.value, 3) + " lies outside what it accepts, " +
               accepted + "\n";
        break;
      }
      case analysis::Violation::Kind::red_line:
        out += "  " + who + ": breaks its red line " + s.constraints[v.rule].id + " (" + s.constraints[v.rule].require +
               ")\n";
        break;
      case analysis::Violation::Kind::no_deal:
        out += "  " + who + ": worth " + fmt(v.value) + " to it, below its no_deal level " + fmt(v.low) + "\n";
        break;
    }
  }
  if (c.violations.empty()) {
    out += c.complete
               ? "  every party's limits, red lines and no_deal levels are met\n"
               : "  every party's limits and red lines on these issues are met (no_deal levels need every issue)\n";
  }
  for (const auto& vote : c.votes) {
    const Constraint& rule = s.constraints[vote.rule];
    out += "  ratification " + rule.id + " (" + rule.require +
           "): " + (vote.holds ? "holds" : "fails; it passes with probability " + fmt(vote.pass)) + "\n";
  }
  if (!c.votes.empty()) out += "  chance the package is ratified: " + fmt(c.ratification) + "\n";
  return out;
}

}  // namespace parley::report::parts
