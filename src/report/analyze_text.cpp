// `parley analyze` as text tables for people.
#include <algorithm>
#include <cmath>

#include "core/stats.hpp"
#include "core/text.hpp"
#include "report/analyze.hpp"

#include "analysis/rule.hpp"
#include "report/format.hpp"
#include "report/table.hpp"

namespace parley::report {

using analysis::Space;

namespace {

// Text shows at most this many frontier packages; the JSON lists more (--max-pareto).
constexpr std::size_t kTextPareto = 20;

std::string count(double x) {
  if (x < 1e15) return core::format_number(std::round(x));  // whole: every digit
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", x);
  return buf;
}

std::string value_text(const Space& space, std::size_t k, std::size_t j) {
  const auto& issue = space.issues[k];
  return issue.labels.empty() ? rounded(issue.values[j]) : issue.labels[j];
}

std::string package_text(const Space& space, const std::vector<std::size_t>& package) {
  std::string out;
  for (std::size_t k = 0; k < package.size(); ++k) {
    out += (k ? ", " : "") + space.issues[k].id + " " + value_text(space, k, package[k]);
  }
  return out;
}

std::string party(const Space& space, std::size_t i) {
  return space.actors[space.parties[i]].id;
}

// The options of a discrete issue from index `low` to `high`, by name.
// The option of a discrete issue at (or nearest to) a value of its scale.
const std::string& option_at(const std::vector<std::string>& labels, double x) {
  return labels[core::nearest_option(x, labels.size())];
}

double position_of(const analysis::IssueStats& st, std::size_t actor) {
  for (const auto& p : st.positions)
    if (p.actor == actor) return p.position;
  return 0;
}

std::string options_text(const std::vector<std::string>& labels, double low, double high) {
  if (std::llround(low) == 0 && std::llround(high) + 1 == static_cast<long long>(labels.size())) return "any option";
  std::string out;
  for (auto j = static_cast<std::size_t>(std::llround(low));
       j <= static_cast<std::size_t>(std::llround(high)) && j < labels.size(); ++j)
    out += (out.empty() ? "" : ", ") + labels[j];
  return out;
}

// Options listed one by one (those flagged, or the indices given): "any option" when that is all of them.
std::string option_names(const std::vector<std::string>& labels, const std::vector<std::size_t>& options) {
  if (options.size() == labels.size()) return "any option";
  std::string out;
  for (const std::size_t o : options) out += (out.empty() ? "" : ", ") + labels[o];
  return out;
}

std::vector<std::size_t> flagged(const std::vector<std::uint8_t>& flags) {
  std::vector<std::size_t> out;
  for (std::size_t o = 0; o < flags.size(); ++o)
    if (flags[o] != 0) out.push_back(o);
  return out;
}

// Whether the options are one run of neighbours, so that their ends say what they are.
bool contiguous(const std::vector<std::size_t>& options) {
  return options.empty() || options.back() - options.front() + 1 == options.size();
}

// The issue's values that the parties' limits and red lines leave (analysis::agreed_values).
std::string agreed_text(const Space& space, const analysis::AgreedValues& agreed, std::size_t k) {
  if (!agreed.computed) return "not computed (red lines couple too many values)";
  std::string out;
  const auto& labels = space.issues[k].labels;
  if (!labels.empty() && agreed.options.size() == labels.size()) {
    return "any option";
  } else if (!labels.empty()) {
    for (const std::size_t j : agreed.options) out += (out.empty() ? "" : ", ") + labels[j];
  } else {
    for (const auto& r : agreed.regions) {
      out += (out.empty() ? "" : ", ") + std::string(r.low_open ? "(" : "[") + rounded(r.low) + ", " + rounded(r.high) +
             (r.high_open ? ")" : "]");
    }
  }
  if (!out.empty()) return out;
  out = "none";
  for (std::size_t i = 0; i < agreed.red_lines.size(); ++i)
    out += (i == 0 ? " (" : ", ") + space.rules[agreed.red_lines[i]].id;
  return agreed.red_lines.empty() ? out : out + ")";
}

std::string issues_section(const Analysis& a) {
  if (a.issues.empty()) return "";
  const Space& space = a.space;
  // The overlap with red lines applied gets its own column when some party has a red line on some issue.
  // Under a decision rule it shows what the rule lets through, the overlap being every party's.
  const bool ruled = !space.decision.unanimity;
  const bool red_lines = ruled || std::any_of(a.agreed.begin(), a.agreed.end(),
                                              [](const analysis::AgreedValues& v) { return !v.red_lines.empty(); });
  std::vector<std::string> columns{"issue", "mean", "median", "sd", "parties' overlap"};
  if (red_lines) columns.emplace_back(ruled ? "passing the rule" : "with red lines");
  columns.emplace_back("farthest from median");
  Table t(columns);
  for (const auto& st : a.issues) {
    const std::size_t k = st.issue;
    auto opt = [](const std::optional<double>& x) { return x ? rounded(*x) : std::string("-"); };
    const auto& labels = space.issues[k].labels;
    std::string overlap;
    const bool nominal = space.issues[k].nominal;
    if (st.intervals.empty()) {
      overlap = "-";
    } else if (st.zopa && !labels.empty() && (nominal || !contiguous(st.common))) {
      overlap = option_names(labels, st.common);
    } else if (!st.zopa && !labels.empty() && (nominal || st.low <= st.high)) {
      // No option every party accepts, though no two parties' ends cross: the holes of options listed one by one,
      // or options with no order.
      overlap = "no option in common";
    } else if (st.zopa && !labels.empty()) {
      overlap = options_text(labels, st.low, st.high);
    } else if (st.zopa) {
      overlap = "[" + rounded(st.low) + ", " + rounded(st.high) + "]";
    } else if (!labels.empty()) {
      // Options are ordered, so "at least" and "at most" hold, and the gap is counted in options.
      overlap = "gap " + core::plural(static_cast<std::size_t>(std::llround(st.gap)), "option") + ": " +
                space.actors[st.blocking_low].id + " >= " + option_at(labels, st.low) + ", " +
                space.actors[st.blocking_high].id + " <= " + option_at(labels, st.high);
    } else {
      overlap = "gap " + rounded(st.gap) + ": " + space.actors[st.blocking_low].id + " >= " + rounded(st.low) + ", " +
                space.actors[st.blocking_high].id + " <= " + rounded(st.high);
    }
    // On a discrete issue the farthest actors are named with the option they stand at, not a distance in indices.
    std::string far;
    for (std::size_t i = 0; i < std::min<std::size_t>(2, st.farthest.size()); ++i) {
      const auto& f = st.farthest[i];
      far += (i ? ", " : "") + space.actors[f.actor].id +
             (labels.empty() ? " " + rounded(f.distance) : " at " + option_at(labels, position_of(st, f.actor)));
    }
    // A discrete issue's median is an option: name it.
    std::string median = opt(st.median);
    if (st.median && !labels.empty()) median = option_at(labels, *st.median);
    if (st.plurality) median = "plurality " + labels[*st.plurality];
    std::vector<std::string> row{space.issues[k].id, opt(st.mean), median, opt(st.sd), overlap};
    if (red_lines) row.push_back(st.intervals.empty() ? "-" : agreed_text(space, a.agreed[k], k));
    row.push_back(far.empty() ? "-" : far);
    t.add(row);
  }
  std::string out = "\nIssues (weights: capability x salience)\n" + t.render();
  // Each party's acceptable interval, issue by issue.
  std::vector<std::string> header{"issue"};
  for (std::size_t i = 0; i < space.parties.size(); ++i) header.push_back(party(space, i));
  Table iv(header);
  for (const auto& st : a.issues) {
    std::vector<std::string> row{space.issues[st.issue].id};
    const auto& labels = space.issues[st.issue].labels;
    for (const auto& in : st.intervals) {
      if (!in.reserved) {
        row.emplace_back("any");
      } else {
        const auto accepted = flagged(in.accepted);
        row.push_back(labels.empty() ? "[" + rounded(in.low) + ", " + rounded(in.high) + "]"
                      : space.issues[st.issue].nominal || !contiguous(accepted)
                          ? option_names(labels, accepted)
                          : options_text(labels, in.low, in.high));
      }
    }
    iv.add(row);
  }
  if (!space.parties.empty()) out += "\nAcceptable intervals of the parties\n" + iv.render();
  // Where the weight stands on each discrete issue: the discrete counterpart of the mean and sd.
  std::string shares;
  for (const auto& st : a.issues) {
    if (st.option_weights.empty()) continue;
    const auto& labels = space.issues[st.issue].labels;
    shares += "  " + space.issues[st.issue].id + ":";
    for (std::size_t j = 0; j < st.option_weights.size() && j < labels.size(); ++j)
      shares += (j ? ", " : " ") + labels[j] + " " + rounded(100 * st.option_weights[j], 1) + "%";
    shares += "\n";
  }
  if (!shares.empty()) out += "\nWeight at each option (capability x salience)\n" + shares;
  return out;
}

// What each solution optimises, one line each (docs/models.md §2.7); d_i is a party's disagreement value, U_i its
// best on the frontier.
std::string solution_legend() {
  return "  Nash: the largest product of gains over the disagreement values, prod (u_i - d_i)\n"
         "  Kalai-Smorodinsky: the largest smallest share of each party's best possible gain, (u_i - d_i) / (U_i - "
         "d_i)\n"
         "  egalitarian: the largest smallest gain, min (u_i - d_i)\n"
         "  utilitarian: the largest sum of utilities\n"
         "  leximin: the smallest share of the best possible gain as large as can be, then the next smallest, and so "
         "on\n";
}

bool has_ratification(const Space& space) {
  return std::any_of(space.rules.begin(), space.rules.end(), [](const auto& r) { return !r.red_line; });
}

// A scorable game's parties show their total scores, the numbers the game is played in (docs/games.md).
bool scored(const Space& space) {
  return !space.parties.empty() &&
         std::all_of(space.parties.begin(), space.parties.end(), [&](std::size_t p) { return space.actors[p].points; });
}

std::vector<std::string> utilities_row(const Space& space, const std::vector<std::size_t>& package) {
  std::vector<std::string> row;
  for (std::size_t i = 0; i < space.parties.size(); ++i) {
    const analysis::SpaceActor& a = space.actors[space.parties[i]];
    row.push_back(a.points ? rounded(a.points->least + a.points->span * a.utility(package), 2)
                           : rounded(a.utility(package), 3));
  }
  if (has_ratification(space)) row.push_back(rounded(space.ratification(package), 3));
  return row;
}

// Adjusted Winner for two parties (analysis/adjusted_winner.hpp), or why it does not apply.
std::string adjusted_winner_section(const Space& space, const analysis::AdjustedWinner& aw) {
  using To = analysis::AdjustedWinner::To;
  std::string out =
      "\nAdjusted Winner (Brams & Taylor 1996: each party spreads 100 points over the issues; envy-free, equitable "
      "and efficient, at most one issue split)\n";
  if (!aw.applies) return out + "  does not apply: " + aw.reason + "\n";
  const auto id = [&](std::size_t p) { return party(space, p); };
  Table t({"issue", "to", "value", id(0) + " AW points", id(1) + " AW points"});
  for (std::size_t k = 0; k < space.issues.size(); ++k) {
    const auto& issue = space.issues[k];
    const bool counted = aw.points[0][k] > 0 || aw.points[1][k] > 0;
    std::string to;
    switch (aw.to[k]) {
      case To::first:
        to = counted ? id(0) : id(0) + " (" + id(1) + " does not care)";
        break;
      case To::second:
        to = counted ? id(1) : id(1) + " (" + id(0) + " does not care)";
        break;
      case To::both:
        to = "both (the same value)";
        break;
      case To::neither:
        to = "neither cares";
        break;
      case To::split:
        to = "split: " + id(0) + " " + rounded(100 * aw.first_share, 1) + "%, " + id(1) + " " +
             rounded(100 * (1 - aw.first_share), 1) + "%";
        break;
    }
    const std::string value =
        !issue.labels.empty() && aw.option[k] ? issue.labels[*aw.option[k]] : rounded(aw.values[k], 2);
    t.add({issue.id, to, value, rounded(aw.points[0][k], 1), rounded(aw.points[1][k], 1)});
  }
  out += t.render();
  // A scorable game's parties read their total scores, as everywhere else in its output.
  const auto worth = [&](std::size_t p) {
    const auto& pts = space.actors[space.parties[p]].points;
    return pts ? "score " + rounded(pts->least + pts->span * aw.utility[p], 2) : "utility " + rounded(aw.utility[p], 3);
  };
  out += "  AW points each: " + rounded(aw.total[0], 1) + "; " + id(0) + " " + worth(0) + ", " + id(1) + " " +
         worth(1) + "; within each party's limits: " + id(0) + " " + (aw.accepts[0] ? "yes" : "no") + ", " + id(1) +
         " " + (aw.accepts[1] ? "yes" : "no") + "\n";
  return out;
}

std::string bridge_section(const Space& space, const analysis::Bridge& b) {
  if (!b.computed) return "\nWhat it would take: not computed: " + b.not_computed + "\n";
  const std::string minimum =
      b.min_ratification > 0 ? "; packages ratified with probability at least " + rounded(b.min_ratification, 3) : "";
  if (!b.found) {
    return "\nWhat it would take (" + std::string(b.exact ? "exact" : "search budget spent") + minimum + ")\n" +
           "  no package in the space is ratified with probability at least " + rounded(b.min_ratification, 3) +
           (b.exact ? "" : " among those searched") + "\n";
  }
  std::string out =
      "\nWhat it would take (" +
      std::string(b.exact ? "exact" : "best found; the optimum costs at least " + rounded(b.lower_bound, 4)) + minimum +
      ")\n";
  if (b.cost <= analysis::kUtilityEpsilon) {
    out += "  no concession needed: " + package_text(space, b.package) + " is agreeable";
    if (has_ratification(space)) out += ", ratified with probability " + rounded(b.ratification, 3);
    return out + "\n";
  }
  out += "  cheapest package to open: " + package_text(space, b.package) + "\n";
  if (has_ratification(space)) {
    out += "  its ratification probability: " + rounded(b.ratification, 3);
    if (b.ratification < 1 && b.min_ratification == 0) out += " (--min-ratification P asks for one likelier to pass)";
    out += "\n";
  }
  out += "  total concession: " + rounded(b.cost, 4) + " (in the conceding parties' own utility)\n";
  Table t({"party", "cost", "concessions"});
  std::size_t most = 0;
  for (std::size_t i = 0; i < space.parties.size(); ++i) {
    if (b.party_cost[i] > b.party_cost[most] + analysis::kUtilityEpsilon) most = i;
    std::string what;
    for (const auto& c : b.concessions) {
      if (c.actor != space.parties[i]) continue;
      if (!what.empty()) what += "; ";
      switch (c.kind) {
        case analysis::Concession::Kind::reservation:
          what += "reservation on " + space.issues[c.issue].id + " " + rounded(c.from) + " -> " + rounded(c.to);
          break;
        case analysis::Concession::Kind::acceptable:
          what += "accept " + space.issues[c.issue].id + " " +
                  space.issues[c.issue].labels[static_cast<std::size_t>(std::lround(c.to))];
          break;
        case analysis::Concession::Kind::at_least:
        case analysis::Concession::Kind::at_most:
          what += std::string(c.kind == analysis::Concession::Kind::at_least ? "at_least" : "at_most") + " on " +
                  space.issues[c.issue].id + " " + rounded(c.from) + " -> " + rounded(c.to);
          break;
        case analysis::Concession::Kind::no_deal:
          if (const auto& pts = space.actors[c.actor].points) {
            what += "minimum score " + rounded(pts->least + pts->span * c.from, 2) + " -> " +
                    rounded(pts->least + pts->span * c.to, 2);
          } else {
            what += "no_deal " + rounded(c.from, 3) + " -> " + rounded(c.to, 3);
          }
          break;
        case analysis::Concession::Kind::red_line:
          what += (c.drop ? "drop red line " : "relax red line ") + space.rules[c.rule].id;
          break;
      }
    }
    t.add({party(space, i), rounded(b.party_cost[i], 4), what.empty() ? "none" : what});
  }
  out += t.render();
  if (!space.parties.empty()) out += "  would have to move most: " + party(space, most) + "\n";
  return out;
}

}  // namespace

std::string analyze_text(const Analysis& a, const Stamp& stamp, const AnalyzeView& /*view*/) {
  const Space& space = a.space;
  std::string out = space.title + "\n";
  if (!a.at.empty()) out += "at: " + a.at + (a.label.empty() ? "" : " (" + a.label + ")") + "\n";
  out += issues_section(a);
  const auto& pa = a.packages;
  out += "\nPackages\n";
  out += "  in the space: " + count(pa.total) + "\n";
  std::string found;
  for (const auto& issue : space.issues) {
    if (issue.found) found += (found.empty() ? "" : ", ") + issue.id + " " + core::format_number(*issue.found);
    if (issue.breakpoints.empty()) continue;
    const std::size_t n = issue.breakpoints.size();
    const std::size_t steps = issue.values.size() - n - (issue.found ? 1 : 0);
    std::string values;
    for (const double v : issue.breakpoints) values += (values.empty() ? "" : ", ") + core::format_number(v);
    out += "  " + issue.id + " takes " + count(static_cast<double>(steps)) + " step values and " +
           count(static_cast<double>(n)) + (n == 1 ? " value" : " values") +
           " where a party's acceptance or a vote changes: " + values + "\n";
  }
  // A package acceptable to every party that lies between grid values (no_deal levels couple the issues).
  if (!found.empty()) {
    out += space.decision.unanimity
               ? "  no package of the grid is acceptable to every party; one between its values is, found exactly and "
                 "added: " +
                     found + "\n"
               : "  no package of the grid passes the rule; one between its values does (the members of a winning "
                 "coalition accept it), found exactly and added: " +
                     found + "\n";
  }
  const bool ruled = !space.decision.unanimity;
  const auto counted = [&](const analysis::Count& c) {
    return c.exact ? count(c.value) : "between " + count(c.low) + " and " + count(c.high);
  };
  if (ruled) {
    out += "  decision rule: " + analysis::rule_text(space) + "\n";
    out += "  passing the rule: " + counted(pa.agreeable) + "\n";
    out += "  accepted by every party: " + counted(pa.unanimous) + "\n";
    if (scored(space)) out += "  a party accepts a deal whose total score reaches its minimum\n";
  } else {
    out += "  agreeable to every party: " + counted(pa.agreeable) + "\n";
  }
  if (space.parties.empty()) return out + "  no actor is a party: nobody has to agree\n";
  const auto& f = pa.frontier;
  if (!f.points.empty()) {
    out += "  on the Pareto frontier: " + count(f.packages) + " (" + count(static_cast<double>(f.distinct)) +
           (f.distinct == 1 ? " distinct utility vector)\n" : " distinct utility vectors)\n");
    std::vector<std::string> header{"solution"};
    for (std::size_t i = 0; i < space.parties.size(); ++i) header.push_back(party(space, i));
    if (has_ratification(space)) header.push_back("ratification");
    header.push_back("package");
    std::vector<std::string> solution_header = header;
    if (ruled) solution_header.insert(solution_header.end() - 1, "pivotal");
    Table t(solution_header);
    auto row = [&](const std::string& name, const std::optional<std::size_t>& i) {
      if (!i) {
        std::vector<std::string> r{name};
        r.resize(solution_header.size() - 1, "-");
        r.push_back("none: no package gives every party more than its disagreement value");
        t.add(r);
        return;
      }
      const auto package = analysis::package_of(space, pa.blocks, f.points[*i]);
      std::vector<std::string> r{name};
      for (auto& cell : utilities_row(space, package)) r.push_back(cell);
      if (ruled) {
        std::string who;
        for (std::size_t p : analysis::pivotal(space, package)) who += (who.empty() ? "" : ", ") + party(space, p);
        r.push_back(who.empty() ? "none" : who);
      }
      r.push_back(package_text(space, package));
      t.add(r);
    };
    row("Nash", pa.solutions.nash);
    row("Kalai-Smorodinsky", pa.solutions.kalai_smorodinsky);
    row("egalitarian", pa.solutions.egalitarian);
    row("utilitarian", pa.solutions.utilitarian);
    row("leximin", pa.solutions.leximin);
    out += "\nBargaining solutions (" + std::string(scored(space) ? "total scores" : "utilities") + " of the parties" +
           std::string(ruled ? "; pivotal: the accepting parties whose refusal alone would sink the package" : "") +
           ")\n" + t.render() + solution_legend();
    header[0] = "#";
    Table p(header);
    std::size_t listed = 0;
    for (const auto& point : f.points) {
      for (double k = 0; k < point.packages() && listed < kTextPareto; k += 1) {
        const auto package = analysis::package_of(space, pa.blocks, point, k);
        std::vector<std::string> r{std::to_string(++listed)};
        for (auto& cell : utilities_row(space, package)) r.push_back(cell);
        r.push_back(package_text(space, package));
        p.add(r);
      }
    }
    out += "\nPareto frontier, largest total utility first" +
           std::string(f.packages > static_cast<double>(listed)
                           ? " (first " + std::to_string(listed) + "; --format json for more)"
                           : "") +
           "\n" + p.render();
  } else {
    out += ruled ? "  no package passes the rule\n" : "  no package is acceptable to every party\n";
  }
  if (space.parties.size() == 2) out += adjusted_winner_section(space, pa.adjusted_winner);
  if (pa.bridge) out += bridge_section(space, *pa.bridge);
  out += "\nparley " + stamp.version + ", scenario sha256 " + stamp.scenario_sha256.substr(0, 12) + "\n";
  return out;
}

std::string timeline_text(const std::string& title, const std::vector<Analysis>& points) {
  std::string out = title + "\n\nHow the gap changed\n";
  std::vector<std::string> header{"at", "date"};
  if (!points.empty()) {
    for (const auto& st : points.front().issues) header.push_back(points.front().space.issues[st.issue].id);
  }
  header.insert(header.end(), {"agreeable", "frontier", "Nash", "to open"});
  Table t(header);
  for (const auto& a : points) {
    std::vector<std::string> row{a.at, a.date.empty() ? "-" : a.date};
    for (const auto& st : a.issues) {
      // Limits that meet only where a red line forbids leave no overlap.
      const bool emptied = st.zopa && st.issue < a.agreed.size() && a.agreed[st.issue].computed &&
                           a.agreed[st.issue].regions.empty() && a.agreed[st.issue].options.empty();
      row.push_back(st.intervals.empty() ? "-"
                    : emptied            ? "none (red lines)"
                    : st.zopa            ? "overlap"
                                         : "gap " + rounded(st.gap));
    }
    const auto& pa = a.packages;
    row.push_back(pa.agreeable.exact ? count(pa.agreeable.value) : "~" + count(pa.agreeable.value));
    row.push_back(count(pa.frontier.packages));
    row.push_back(
        pa.solutions.nash
            ? package_text(a.space, analysis::package_of(a.space, pa.blocks, pa.frontier.points[*pa.solutions.nash]))
            : "-");
    row.push_back(!pa.bridge ? "-" : pa.bridge->found ? rounded(pa.bridge->cost, 4) : "none");
    t.add(row);
  }
  return out + t.render();
}

}  // namespace parley::report
