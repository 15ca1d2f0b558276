// `parley report --format md`: the report's tables as Markdown, read off the same document the HTML page draws.
#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.hpp"
#include "report/format.hpp"
#include "report/page.hpp"

namespace parley::report {

namespace {

using doc::Kind;
using doc::Node;

const Node kNull{};

const Node& at(const Node& n, std::string_view key) {
  const Node* found = n.kind == Kind::mapping ? n.find(key) : nullptr;
  return found != nullptr ? *found : kNull;
}

const Node& at(const Node& n, std::initializer_list<std::string_view> path) {
  const Node* cur = &n;
  for (const auto key : path) cur = &at(*cur, key);
  return *cur;
}

// A graph-model concept's entry in the stability data (id, title, description); null when it has none.
const Node& concept_entry(const Node& stability, std::string_view id) {
  for (const auto& c : at(stability, "concepts").items) {
    if (at(c, "id").text == id) return c;
  }
  return kNull;
}

// Its title (Nash, GMR, ..., L_2), or the id itself.
std::string concept_title(const Node& stability, std::string_view id) {
  const Node& c = concept_entry(stability, id);
  return c.kind == Kind::mapping ? at(c, "title").text : std::string(id);
}

// A cell: numbers rounded for people, text with the characters that would break a table row escaped.
std::string cell(const Node& n, int decimals = 2) {
  switch (n.kind) {
    case Kind::null:
      return "-";
    case Kind::boolean:
      return n.boolean ? "yes" : "no";
    case Kind::number:
      return rounded(n.number, decimals);
    case Kind::string: {
      std::string out;
      for (const char c : n.text) {
        if (c == '|') {
          out += "\\|";
        } else if (c == '\n') {
          out += ' ';
        } else {
          out += c;
        }
      }
      return out;
    }
    case Kind::sequence:
    case Kind::mapping:
      break;
  }
  std::string out;
  if (n.kind == Kind::sequence) {
    for (const auto& item : n.items) out += (out.empty() ? "" : ", ") + cell(item, decimals);
  } else {
    for (const auto& [key, value] : n.entries)
      out += (out.empty() ? "" : ", ") + key.text + " " + cell(value, decimals);
  }
  return out.empty() ? "-" : out;
}

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

void write(std::string& out, const Table& t) {
  if (t.rows.empty()) return;
  auto row = [&](const std::vector<std::string>& cells) {
    out += "|";
    for (const auto& c : cells) out += " " + c + " |";
    out += "\n";
  };
  row(t.header);
  out += "|";
  for (std::size_t i = 0; i < t.header.size(); ++i) out += " --- |";
  out += "\n";
  for (const auto& r : t.rows) row(r);
  out += "\n";
}

// A section an analysis refused: the page and the memo say why in its place.
bool skipped(std::string& out, const Node& section) {
  const Node& why = at(section, "skipped");
  if (why.kind != Kind::string) return false;
  out += "Not computed: " + cell(why) + "\n\n";
  return true;
}

void summary(std::string& out, const Node& d);

void story(std::string& out, const Node& d) {
  const Node& s = at(d, "scenario");
  out += "# " + cell(at(s, "title")) + "\n\n";
  summary(out, d);  // the answer first, as on the page (#summary)
  if (at(s, "date").kind == Kind::string) out += "Date: " + cell(at(s, "date")) + "\n\n";
  if (at(s, "description").kind == Kind::string) out += at(s, "description").text + "\n\n";
  const Node& sources = at(s, "sources");
  if (!sources.items.empty()) {
    out += "Sources:\n\n";
    for (const auto& src : sources.items) {
      const Node& url = at(src, "url");
      const std::string title = cell(at(src, "title"));
      out += "- `" + cell(at(src, "id")) +
             "`: " + (url.kind == Kind::string ? "[" + title + "](" + url.text + ")" : title);
      if (at(src, "date").kind == Kind::string) out += ", " + cell(at(src, "date"));
      out += "\n";
    }
    out += "\n";
  }
  const Node& p = at(d, "parley");
  out += "parley " + cell(at(p, "version")) + " · scenario sha256 `" + cell(at(p, "scenario_sha256")) + "` · draws " +
         cell(at(p, {"options", "draws"})) + ", seed " + cell(at(p, {"options", "seed"})) + " · created " +
         cell(at(p, "created")) + "\n\n";
}

std::string actor_name(const Node& d, const std::string& id) {
  for (const auto& a : at(d, {"scenario", "actors"}).items) {
    if (at(a, "id").text == id) return cell(at(a, "name"));
  }
  return id;
}

// The regions the parties' red lines leave of an issue (zopa.with_red_lines of analyze's JSON).
std::string agreed_cell(const Node& w) {
  if (w.kind != Kind::mapping) return "-";
  if (!at(w, "computed").boolean) return "not computed";
  std::string found;
  if (at(w, "options").kind == Kind::sequence) {
    for (const auto& o : at(w, "options").items) found += (found.empty() ? "" : ", ") + cell(o);
  } else {
    for (const auto& r : at(w, "regions").items)
      found += (found.empty() ? "" : ", ") + std::string(at(r, "low_open").boolean ? "(" : "[") + cell(at(r, "low")) +
               ", " + cell(at(r, "high")) + (at(r, "high_open").boolean ? ")" : "]");
  }
  if (!found.empty()) return found;
  std::string rules;
  for (const auto& r : at(w, "red_lines").items) rules += (rules.empty() ? "" : ", ") + cell(r);
  return rules.empty() ? "none" : "none (" + rules + ")";
}

void issues(std::string& out, const Node& d, const Node& point) {
  const Node& analysis = at(point, "analysis");
  out += "## The gap, issue by issue (at `" + cell(at(point, "at")) + "`)\n\n";
  if (skipped(out, analysis)) return;
  // The overlap with red lines applied gets its own column when some party has a red line on some issue.
  bool red_lines = false;
  for (const auto& issue : at(analysis, "issues").items)
    red_lines = red_lines || !at(issue, {"zopa", "with_red_lines", "red_lines"}).items.empty();
  Table t{{"Issue", "Weighted median", "Weighted mean", "Limits' overlap"}, {}};
  if (red_lines) t.header.emplace_back("With red lines");
  t.header.insert(t.header.end(), {"Gap", "Between"});
  for (const auto& issue : at(analysis, "issues").items) {
    const Node& zopa = at(issue, "zopa");
    // A discrete issue's overlap runs from one option to another (its values are names).
    const bool named = at(zopa, "low").kind == Kind::string;
    // A nominal issue (the scenario's `ordered: false`): the options every party accepts, and no median.
    bool nominal = false;
    for (const auto& i : at(d, {"scenario", "issues"}).items)
      nominal = nominal || (cell(at(i, "id")) == cell(at(issue, "id")) && at(i, "ordered").kind == Kind::boolean &&
                            !at(i, "ordered").boolean);
    std::string options;
    for (const auto& o : at(zopa, "options").items) options += (options.empty() ? "" : ", ") + cell(o);
    const std::string range = !at(zopa, "exists").boolean ? "none"
                              : nominal                   ? options
                              : named                     ? cell(at(zopa, "low")) + " to " + cell(at(zopa, "high"))
                                      : "[" + cell(at(zopa, "low")) + ", " + cell(at(zopa, "high")) + "]";
    const Node& between = at(zopa, "between");
    std::vector<std::string> row{
        cell(at(issue, "name")),
        nominal ? "plurality " + cell(at(issue, "plurality")) : cell(at(issue, "weighted_median")),
        cell(at(issue, "weighted_mean")), range};
    if (red_lines) row.push_back(agreed_cell(at(zopa, "with_red_lines")));
    row.push_back(cell(at(zopa, "gap")));
    row.push_back(between.kind == Kind::mapping
                      ? cell(at(between, "above")) + " at least " + cell(at(between, "low")) + ", " +
                            cell(at(between, "below")) + " at most " + cell(at(between, "high"))
                      : "-");
    t.rows.push_back(row);
  }
  write(out, t);
  const Node& positions = at(point, "positions");
  for (std::size_t k = 0; k < positions.items.size(); ++k) {
    const Node& issue = positions.items[k];
    const Node* stats = k < at(analysis, "issues").items.size() ? &at(analysis, "issues").items[k] : nullptr;
    out += "### " + (stats != nullptr ? cell(at(*stats, "name")) : cell(at(issue, "id"))) + "\n\n";
    Table p{{"Actor", "Position", "Salience", "Weight", "Acceptable"}, {}};
    for (const auto& pos : at(issue, "positions").items) {
      const std::string id = at(pos, "actor").text;
      const Node& interval = stats != nullptr ? at(*stats, {"intervals", id}) : kNull;
      // Options with no order are accepted one by one.
      std::string accepted = "-";
      if (interval.kind == Kind::mapping && at(interval, "low").kind == Kind::null) {
        accepted.clear();
        for (const auto& o : at(interval, "options").items) accepted += (accepted.empty() ? "" : ", ") + cell(o);
      } else if (interval.kind == Kind::mapping) {
        accepted = cell(at(interval, "low")) + " to " + cell(at(interval, "high"));
      }
      p.rows.push_back(
          {actor_name(d, id), cell(at(pos, "position")), cell(at(pos, "salience")), cell(at(pos, "weight")), accepted});
    }
    write(out, p);
  }
}

void timeline(std::string& out, const Node& d, const Node& points) {
  if (points.items.size() < 2) return;
  out += "## The gap over time\n\n";
  Table t{{"Point", "Date"}, {}};
  for (const auto& issue : at(d, {"scenario", "issues"}).items) t.header.push_back(cell(at(issue, "id")) + " gap");
  t.header.insert(t.header.end(), {"Agreeable packages", "What it would take"});
  for (const auto& p : points.items) {
    std::vector<std::string> row{"`" + cell(at(p, "at")) + "`", cell(at(p, "date"))};
    for (const auto& issue : at(p, {"analysis", "issues"}).items) {
      const Node& agreed = at(issue, {"zopa", "with_red_lines"});
      const bool emptied = at(agreed, "computed").boolean && !at(agreed, "exists").boolean;
      row.push_back(!at(issue, {"zopa", "exists"}).boolean ? cell(at(issue, {"zopa", "gap"}))
                    : emptied                              ? "none (red lines)"
                                                           : "ZOPA");
    }
    row.resize(t.header.size() - 2, "-");
    const Node& packages = at(p, {"analysis", "packages"});
    row.push_back(cell(at(packages, "agreeable")));
    const Node& take = at(packages, "what_it_would_take");
    row.push_back(!at(take, "needed").boolean ? "-"
                  : at(take, "found").boolean ? "cost " + cell(at(take, "cost"), 3)
                                              : "none ratified enough");
    t.rows.push_back(std::move(row));
  }
  write(out, t);
}

// The decision rule in words when it asks fewer than every party (docs/models.md §2.3), else empty.
std::string rule_of(const Node& pk) {
  const Node& unanimity = at(pk, {"decision", "unanimity"});
  if (unanimity.kind != Kind::boolean || unanimity.boolean) return "";
  return at(pk, {"decision", "description"}).text;
}

std::string value_cell(const Node& d, const std::string& id, const Node& value);

void packages(std::string& out, const Node& d, const Node& point) {
  const Node& pk = at(point, {"analysis", "packages"});
  if (pk.kind != Kind::mapping) return;
  out += "## Packages\n\n";
  const std::string rule = rule_of(pk);
  out += cell(at(pk, "total"), 0) + " packages, " +
         (rule.empty() ? cell(at(pk, "agreeable"), 0) + " acceptable to every party ("
                       : cell(at(pk, "agreeable"), 0) + " passing the decision rule (" + rule + "), " +
                             cell(at(pk, "unanimous"), 0) + " of them acceptable to every party (") +
         cell(at(pk, "parties")) + "), " + cell(at(pk, "pareto_packages"), 0) + " on the Pareto frontier.\n\n";
  // What each solution optimises (docs/models.md §2.7), one line each.
  const std::map<std::string, std::string> aims = {
      {"nash", "largest product of gains over the disagreement values"},
      {"kalai_smorodinsky", "largest smallest share of each party's best possible gain"},
      {"egalitarian", "largest smallest gain over the disagreement value"},
      {"utilitarian", "largest sum of utilities"},
      {"leximin", "worst-off party's share of its best possible gain, then the next worst-off's, ..."}};
  Table sol{{"Solution", "Optimises", "Package", "Utilities"}, {}};
  for (const auto& [key, value] : at(pk, "solutions").entries) {
    if (value.kind != Kind::mapping) continue;
    const auto aim = aims.find(key.text);
    sol.rows.push_back(
        {key.text, aim == aims.end() ? "" : aim->second, cell(at(value, "values")), cell(at(value, "utilities"), 3)});
  }
  write(out, sol);
  const Node& aw = at(pk, "adjusted_winner");
  if (at(aw, "applies").kind == Kind::boolean) {
    if (!at(aw, "applies").boolean) {
      out += "Adjusted Winner (Brams & Taylor) does not apply: " + at(aw, "reason").text + ".\n\n";
    } else {
      std::string outside;
      for (const auto& [party, ok] : at(aw, "accepts").entries) {
        if (!ok.boolean) outside += (outside.empty() ? "" : " and ") + party.text;
      }
      const Node& split = at(aw, "split");
      std::string shares;
      for (const auto& [party, share] : split.entries) {
        if (party.text != "issue") shares += (shares.empty() ? "" : ", ") + party.text + " " + cell(share, 3);
      }
      out += "Adjusted Winner (Brams & Taylor; envy-free, equitable, efficient, at most one issue split): " +
             cell(at(aw, "values")) + "; issues to " + cell(at(aw, "to")) +
             (split.kind == Kind::mapping ? "; " + at(split, "issue").text + " split " + shares : "") +
             "; points each " + cell(at(aw, "total"), 1) + "; utilities " + cell(at(aw, "utilities"), 3) +
             (outside.empty() ? "; within both parties' limits"
                              : "; **outside the limits of " + outside + "**, who would refuse it") +
             ".\n\n";
    }
  }
  const Node& take = at(pk, "what_it_would_take");
  if (!at(take, "needed").boolean) return;
  if (at(take, "computed").kind == Kind::boolean && !at(take, "computed").boolean) {
    out += "What it would take: not computed (" + at(take, "reason").text + ").\n\n";
    return;
  }
  if (!at(take, "found").boolean) {
    out += "What it would take: no package is ratified with probability at least " +
           cell(at(take, "min_ratification"), 3) + ".\n\n";
    return;
  }
  out += "What it would take: concessions costing " + cell(at(take, "cost"), 3) + " in all" +
         (at(take, "exact").boolean ? "" : " (best found)") + " would make " + cell(at(take, {"package", "values"})) +
         (rule.empty() ? " acceptable to every party" : " pass the rule") + " (ratified with probability " +
         cell(at(take, "ratification"), 3) + ").\n\n";
  Table c{{"Party", "Concession", "Cost"}, {}};
  for (const auto& party : at(take, "parties").items) {
    for (const auto& con : at(party, "concessions").items) {
      const std::string kind = at(con, "kind").text;
      std::string what;
      if (kind == "reservation" || kind == "at_least" || kind == "at_most") {
        what = std::string(kind == "at_least"  ? "lower "
                           : kind == "at_most" ? "upper "
                                               : "") +
               "limit on " + cell(at(con, "issue")) + " from " + cell(at(con, "from")) + " to " + cell(at(con, "to"));
      } else if (kind == "acceptable") {
        what = "accepts " + cell(at(con, "issue")) + " " + value_cell(d, at(con, "issue").text, at(con, "to"));
      } else if (kind == "no_deal") {
        what = "no-deal level from " + cell(at(con, "from")) + " to " + cell(at(con, "to"));
      } else {
        what = (at(con, "drop").boolean ? "drop red line " : "relax red line ") + cell(at(con, "constraint"));
      }
      c.rows.push_back({cell(at(party, "actor")), what, cell(at(con, "cost"), 3)});
    }
  }
  write(out, c);
}

// A value of issue `id`: an option's name on a discrete issue, else the number.
std::string value_cell(const Node& d, const std::string& id, const Node& value) {
  for (const auto& issue : at(d, {"scenario", "issues"}).items) {
    if (cell(at(issue, "id")) != id) continue;
    const Node& options = at(issue, "options");
    if (options.kind == Kind::sequence && value.kind == Kind::number) {
      const auto j = static_cast<long long>(std::llround(value.number));
      if (j >= 0 && static_cast<std::size_t>(j) < options.items.size())
        return cell(options.items[static_cast<std::size_t>(j)]);
    }
  }
  return cell(value);
}

void forecasts(std::string& out, const Node& d) {
  const Node& f = at(d, "forecast");
  if (f.kind != Kind::mapping) return;
  out += "## Forecasts\n\n";
  const Node& eum = at(f, "eum");
  out += "### Expected-utility model (Bueno de Mesquita; Scholz et al.)\n\n";
  if (!skipped(out, eum)) {
    Table t{{"Issue", "Start (median)", "Forecast", "Rounds", "End"}, {}};
    // One issue forecast: its run is the document itself (parley forecast's JSON for a single run).
    const std::vector<Node> runs =
        at(eum, "issues").kind == Kind::sequence ? at(eum, "issues").items : std::vector<Node>{eum};
    for (const auto& issue : runs) {
      const Node& rounds = at(issue, "rounds");
      const std::string id = cell(at(issue, "issue"));
      // A run that did not settle has no single forecast: the range it kept to instead.
      const Node& end = at(issue, "end");
      const std::string forecast = at(end, "settled").boolean ? value_cell(d, id, at(issue, "forecast"))
                                                              : "not settled: " + value_cell(d, id, at(end, "low")) +
                                                                    " to " + value_cell(d, id, at(end, "high"));
      t.rows.push_back({id, rounds.items.empty() ? "-" : value_cell(d, id, at(rounds.items.front(), "median")),
                        forecast, std::to_string(rounds.items.empty() ? 0 : rounds.items.size() - 1),
                        cell(at(end, "state"))});
    }
    write(out, t);
  }
  const Node& smp = at(f, "smp");
  out += "### Spatial model (KTAB)\n\n";
  if (!skipped(out, smp)) {
    Table t{{"Issue", "Forecast"}, {}};
    for (const auto& [key, value] : at(smp, "forecast").entries) t.rows.push_back({key.text, cell(value)});
    write(out, t);
    out += "Stopped after " + std::to_string(at(smp, "rounds").items.empty() ? 0 : at(smp, "rounds").items.size() - 1) +
           " turns: " + cell(at(smp, {"stop", "reason"})) + ".\n\n";
    // KTAB's parameters that the scenario or an option set (docs/models.md §6.9).
    std::string set;
    std::size_t count = 0, total = 0;
    for (const auto& [key, from] : at(smp, "parameters_from").entries) {
      if (key.text == "seed") continue;
      ++total;
      if (cell(from) == "KTAB default") continue;
      ++count;
      std::string name = key.text;
      std::replace(name.begin(), name.end(), '_', ' ');
      set +=
          (set.empty() ? "" : ", ") + name + " " + cell(at(at(smp, "parameters"), key.text)) + " (" + cell(from) + ")";
    }
    out += set.empty()      ? std::string("KTAB's default parameters")
           : count == total ? "Parameters: " + set
                            : "Parameters: " + set + "; the rest KTAB's defaults";
    if (cell(at(at(smp, "parameters"), "transitions")) == "stochastic")
      out += "; stochastic transitions, seed " + cell(at(at(smp, "parameters"), "seed")) + ": one drawn path";
    out += ".\n\n";
  }
  // Every model side by side (docs/models.md §11): a row per issue, a column per model (an unsettled forecast
  // marked *), the spread, then the reading in words.
  const Node& all = at(f, "all");
  if (all.kind != Kind::mapping) return;
  out += "### Every model side by side\n\n";
  if (skipped(out, all)) return;
  Table t{{"Issue"}, {}};
  for (const auto& m : at(all, "models").items) t.header.push_back(cell(at(m, "label")));
  t.header.emplace_back("Spread");
  std::string reading;
  for (const auto& issue : at(all, "issues").items) {
    const std::string id = cell(at(issue, "issue"));
    std::vector<std::string> row = {id};
    for (const auto& m : at(all, "models").items) {
      const Node& forecast = at(at(issue, "forecasts"), cell(at(m, "id")));
      row.push_back(forecast.kind != Kind::mapping
                        ? "-"
                        : value_cell(d, id, at(forecast, "forecast")) + (at(forecast, "settled").boolean ? "" : " *"));
    }
    row.push_back(cell(at(issue, "spread")));
    t.rows.push_back(std::move(row));
    for (const auto& sentence : at(issue, "note").items) reading += "- " + id + ": " + cell(sentence) + "\n";
  }
  write(out, t);
  out += "\\* not settled: the number stands for a range.\n\n" + reading + "\n";
}

// "In brief": the answers first, as the page's #summary gives them (web/report/summary.js): is there a deal,
// the best package, what blocks it, what it would take, the forecasts with their ends, the stable outcomes.
std::string issue_name(const Node& d, const std::string& id) {
  for (const auto& issue : at(d, {"scenario", "issues"}).items)
    if (at(issue, "id").text == id) return cell(at(issue, "name"));
  return id;
}

std::string values_text(const Node& d, const Node& values) {
  std::string out;
  for (const auto& [key, value] : values.entries)
    out += (out.empty() ? "" : ", ") + key.text + " " + value_cell(d, key.text, value);
  return out;
}

std::string deal_text(const Node& d, const Node& pk) {
  const std::string count =
      at(pk, "agreeable").kind == Kind::number ? cell(at(pk, "agreeable"), 0) : "an uncertain number";
  const std::string rule = rule_of(pk);
  const std::string total = cell(at(pk, "total"), 0);
  std::string out = rule.empty()
                        ? (at(pk, "agreeable_exists").boolean
                               ? "Yes: " + count + " of " + total + " packages are acceptable to every party."
                               : "No: none of the " + total + " packages is acceptable to every party.")
                        : (at(pk, "agreeable_exists").boolean
                               ? "Yes: " + count + " of " + total + " packages " + (count == "1" ? "passes" : "pass") +
                                     " the decision rule (" + rule + ")."
                               : "No: none of the " + total + " packages passes the decision rule (" + rule + ").");
  const Node& exists = at(d, {"uncertainty", "analyze", "outputs", "packages.agreeable_exists"});
  if (exists.kind == Kind::mapping) {
    const Node& p = at(exists, {"p", "true"});
    const Node& se = at(exists, {"p_se", "true"});
    out += " Over the uncertain numbers, a deal exists in " + rounded(100 * p.number, 1) + " % (± " +
           rounded(100 * se.number, 1) + ", " + cell(at(d, {"uncertainty", "draws"}), 0) + " draws).";
  }
  return out;
}

std::string best_text(const Node& d, const Node& pk) {
  const Node& nash = at(pk, {"solutions", "nash"});
  if (nash.kind != Kind::mapping) return "";
  std::string gains;
  for (const auto& [id, u] : at(nash, "utilities").entries)
    gains += (gains.empty() ? "" : ", ") + actor_name(d, id.text) + " " + cell(u, 3);
  const Node& r = at(nash, "ratification");
  return "The Nash bargaining solution: " + values_text(d, at(nash, "values")) + " (utilities: " + gains +
         (r.kind == Kind::number && r.number < 1 ? "; ratified with probability " + cell(r, 3) : "") + ").";
}

std::string blocks_text(const Node& d, const Node& issues, bool ruled) {
  std::string out;
  for (const auto& s : issues.items) {
    const Node& z = at(s, "zopa");
    const Node& w = at(z, "with_red_lines");
    const std::string id = cell(at(s, "id"));
    std::string part;
    if (ruled) {
      // Under a decision rule the gap between all parties blocks nothing: only an issue no value of which enough
      // parties allow does.
      if (at(w, "computed").boolean && !at(w, "exists").boolean)
        part = cell(at(s, "name")) + ": no value of it is allowed by parties enough to pass the decision rule";
    } else if (!at(z, "exists").boolean && at(z, "between").kind == Kind::mapping) {
      const Node& b = at(z, "between");
      const bool discrete = at(b, "low").kind == Kind::string;
      const std::string gap = discrete
                                  ? core::plural(static_cast<std::size_t>(std::llround(at(z, "gap").number)), "option")
                                  : cell(at(z, "gap"));
      part = cell(at(s, "name")) + ": a gap of " + gap + " (" + actor_name(d, at(b, "above").text) +
             " will not go below " + value_cell(d, id, at(b, "low")) + ", " + actor_name(d, at(b, "below").text) +
             " not above " + value_cell(d, id, at(b, "high")) + ")";
    } else if (at(z, "exists").boolean && at(w, "computed").boolean && !at(w, "exists").boolean) {
      std::string rules;
      for (const auto& r : at(w, "red_lines").items) rules += (rules.empty() ? "" : ", ") + r.text;
      part = cell(at(s, "name")) + ": the limits meet on " + value_cell(d, id, at(z, "low")) + " to " +
             value_cell(d, id, at(z, "high")) + ", but red lines leave nothing (" + rules + ")";
    }
    if (!part.empty()) out += (out.empty() ? "" : "; ") + part;
  }
  return out.empty() ? out : out + ".";
}

std::string take_text(const Node& d, const Node& pk) {
  const Node& t = at(pk, "what_it_would_take");
  if (!at(t, "needed").boolean) return "";
  if (!at(t, "found").boolean)
    return "No package is ratified with probability at least " + cell(at(t, "min_ratification"), 3) + ".";
  std::string who;
  for (const auto& party : at(t, "parties").items) {
    for (const auto& c : at(party, "concessions").items) {
      const std::string kind = at(c, "kind").text;
      const std::string issue = cell(at(c, "issue"));
      const std::string what =
          kind == "reservation" || kind == "at_least" || kind == "at_most"
              ? "moves its " +
                    std::string(kind == "at_least"  ? "lower "
                                : kind == "at_most" ? "upper "
                                                    : "") +
                    "limit on " + issue + " from " + value_cell(d, issue, at(c, "from")) + " to " +
                    value_cell(d, issue, at(c, "to"))
          : kind == "acceptable" ? "accepts " + value_cell(d, issue, at(c, "to")) + " on " + issue
          : kind == "no_deal"
              ? "lowers its no-deal level from " + cell(at(c, "from"), 3) + " to " + cell(at(c, "to"), 3)
              : std::string(at(c, "drop").boolean ? "drops" : "relaxes") + " its red line " + cell(at(c, "constraint"));
      who += (who.empty() ? "" : "; ") + actor_name(d, at(party, "actor").text) + " " + what + " (" +
             cell(at(c, "cost"), 3) + ")";
    }
  }
  return "Concessions costing " + cell(at(t, "cost"), 3) + " in all" +
         (at(t, "exact").boolean ? "" : " (the best found)") + ": " + who + ". They open " +
         values_text(d, at(t, {"package", "values"})) + ", ratified with probability " +
         cell(at(t, "ratification"), 3) + ".";
}

std::string forecasts_text(const Node& d) {
  const Node& f = at(d, "forecast");
  if (f.kind != Kind::mapping) return "";
  std::string out;
  const Node& eum = at(f, "eum");
  if (eum.kind == Kind::mapping && at(eum, "skipped").kind == Kind::null) {
    const std::vector<Node> runs =
        at(eum, "issues").kind == Kind::sequence ? at(eum, "issues").items : std::vector<Node>{eum};
    std::string text;
    for (const auto& run : runs) {
      const std::string id = cell(at(run, "issue"));
      const Node& end = at(run, "end");
      text +=
          (text.empty() ? "" : "; ") + issue_name(d, id) + " " +
          (at(end, "settled").boolean ? value_cell(d, id, at(run, "forecast")) + " (" + cell(at(end, "state")) + ")"
                                      : "not settled (" + value_cell(d, id, at(end, "low")) + " to " +
                                            value_cell(d, id, at(end, "high")) + ", " + cell(at(end, "state")) + ")");
    }
    for (const auto& n : at(eum, "nominal").items)
      text += (text.empty() ? "" : "; ") + issue_name(d, at(n, "issue").text) + " " + cell(at(n, "forecast")) +
              " (plurality)";
    out += "expected-utility model: " + text;
  }
  const Node& smp = at(f, "smp");
  if (smp.kind == Kind::mapping && at(smp, "skipped").kind == Kind::null) {
    std::string text;
    for (const auto& [key, value] : at(smp, "forecast").entries)
      text += (text.empty() ? "" : "; ") + issue_name(d, key.text) + " " + cell(value);
    out += std::string(out.empty() ? "" : ". ") + "spatial model: " + text +
           (at(smp, {"end", "settled"}).kind == Kind::boolean && !at(smp, {"end", "settled"}).boolean ? " (not settled)"
                                                                                                      : "");
  }
  return out.empty() ? out : out + ".";
}

std::string stable_text(const Node& d) {
  const Node& s = at(d, "stability");
  if (s.kind != Kind::mapping || at(s, "skipped").kind != Kind::null) return "";
  const Node& options = at(s, {"conflict", "options"});
  const auto describe = [&](double number) {
    for (const auto& state : at(s, "states").items) {
      if (at(state, "number").number != number) continue;
      std::string taken;
      const std::string& pattern = at(state, "pattern").text;
      for (std::size_t k = 0; k < options.items.size() && k < pattern.size(); ++k)
        if (pattern[k] == 'Y') taken += (taken.empty() ? "" : ", ") + cell(at(options.items[k], "id"));
      return "state " + cell(at(state, "number"), 0) + " (" + (taken.empty() ? "no option taken" : taken) + ")";
    }
    return "state " + rounded(number, 0);
  };
  std::vector<std::pair<std::string, const Node*>> concepts;
  for (const auto& [c, list] : at(s, "equilibria").entries)
    if (!list.items.empty() && c.text != "limited_decided_by_ties") concepts.emplace_back(c.text, &list);
  if (concepts.empty()) return "No state is stable for every decision maker under any concept.";
  std::string all;
  for (const auto& n : at(s, {"equilibria", "nash"}).items) {
    const bool everywhere = std::all_of(concepts.begin(), concepts.end(), [&](const auto& c) {
      return std::any_of(c.second->items.begin(), c.second->items.end(),
                         [&](const Node& x) { return x.number == n.number; });
    });
    if (everywhere) all += (all.empty() ? "" : "; ") + describe(n.number);
  }
  std::string text;
  if (!all.empty()) {
    text = "Stable for every decision maker under every concept: " + all + ".";
  } else {
    for (const auto& [c, list] : concepts) {
      std::string states;
      for (const auto& x : list->items) states += (states.empty() ? "" : ", ") + cell(x, 0);
      text += (text.empty() ? "Equilibria: " : "; ") + concept_title(s, c) + " " + states;
    }
    text += ".";
  }
  const Node& sq = at(s, "status_quo");
  if (sq.kind == Kind::mapping) text += " The status quo is " + describe(at(sq, "state").number) + ".";
  return text;
}

void summary(std::string& out, const Node& d) {
  const Node& points = at(d, "points");
  const Node* final = points.items.empty() ? nullptr : &points.items.back();
  const Node* a =
      final != nullptr && at(at(*final, "analysis"), "skipped").kind == Kind::null ? &at(*final, "analysis") : nullptr;
  std::vector<std::pair<std::string, std::string>> items;
  if (a != nullptr && at(*a, "packages").kind == Kind::mapping) {
    const Node& pk = at(*a, "packages");
    items.emplace_back("Is there a deal?", deal_text(d, pk));
    items.emplace_back("Best package:", best_text(d, pk));
    items.emplace_back("What blocks it:", blocks_text(d, at(*a, "issues"), !rule_of(pk).empty()));
    items.emplace_back("What it would take:", take_text(d, pk));
  }
  items.emplace_back("Forecasts:", forecasts_text(d));
  items.emplace_back("Stable outcomes:", stable_text(d));
  std::string list;
  for (const auto& [title, text] : items)
    if (!text.empty()) list += "- **" + title + "** " + text + "\n";
  if (list.empty()) return;
  out += "## In brief" + (final != nullptr ? " (at `" + cell(at(*final, "at")) + "`)" : std::string()) + "\n\n" + list +
         "\n";
}

// A sweep of a forecast of one issue names its output "forecast"; the issue is its category output "issue".
std::string single_issue(const Node& sweep) {
  const Node& p = at(sweep, {"outputs", "issue", "p"});
  return p.entries.size() == 1 ? p.entries.front().first.text : std::string("forecast");
}

void uncertainty(std::string& out, const Node& d) {
  const Node& u = at(d, "uncertainty");
  if (u.kind != Kind::mapping) return;
  out += "## Uncertainty (" + cell(at(u, "draws"), 0) + " draws, seed " + cell(at(u, "seed"), 0) + ")\n\n";
  // Past 10^8 values a sweep keeps no draw and reads its quantiles from counts (docs/models.md §7.4): say so.
  for (const auto& [key, name] : {std::pair{"forecast", "forecast"}, std::pair{"analyze", "analysis"}}) {
    const Node& error = at(u, {key, "quantiles", "relative_error"});
    if (error.kind == Kind::number) {
      out += std::string("The ") + name + "'s quantiles come from counts that keep no draw: each within " +
             rounded(100 * error.number, 3) +
             " % of its value; shares are exact, means and standard deviations come from exact sums.\n\n";
    }
  }
  const Node& a = at(u, "analyze");
  if (!skipped(out, a)) {
    Table t{{"Output", "Probability"}, {}};
    for (const auto& [key, value] : at(a, "outputs").entries) {
      const bool zopa = key.text.size() > 12 && key.text.compare(key.text.size() - 12, 12, ".zopa.exists") == 0;
      if (!zopa) continue;
      // A category no draw fell in is not listed among the shares: its share is 0.
      const Node& p = at(value, {"p", "true"});
      t.rows.push_back(
          {"ZOPA on " + key.text.substr(7, key.text.size() - 19), p.kind == Kind::number ? cell(p, 3) : "0"});
    }
    const Node& agreeable = at(a, {"outputs", "packages.agreeable"});
    if (agreeable.kind == Kind::mapping) {
      t.rows.push_back({"Agreeable packages (mean)", cell(at(agreeable, "mean"), 3)});
    }
    write(out, t);
    // The headline results: each issue's gap and weighted mean, the agreeable set, the cost of opening a deal.
    std::vector<std::string> headline;
    for (const auto& issue : at(d, {"scenario", "issues"}).items)
      headline.push_back("issues." + at(issue, "id").text + ".zopa.gap");
    for (const auto& issue : at(d, {"scenario", "issues"}).items)
      headline.push_back("issues." + at(issue, "id").text + ".weighted_mean");
    headline.insert(headline.end(), {"packages.agreeable", "packages.what_it_would_take.cost"});
    for (const auto& name : headline) {
      for (const auto& s : at(a, "sensitivity").items) {
        if (at(s, "output").text != name) continue;
        Table tor{{"Input", "Low", "High", "Swing"}, {}};
        for (const auto& row : at(s, "tornado").items) {
          if (tor.rows.size() == 5) break;
          if (at(row, "swing").number == 0) continue;  // inputs that do not move it
          tor.rows.push_back(
              {cell(at(row, "input")), cell(at(row, "low")), cell(at(row, "high")), cell(at(row, "swing"))});
        }
        if (tor.rows.empty()) continue;
        out += "Inputs that move `" + name + "` most (5 % to 95 %):\n\n";
        write(out, tor);
      }
    }
  }
  const Node& f = at(u, "forecast");
  if (!skipped(out, f)) {
    Table t{{"Forecast", "Mean", "q05", "q50", "q95"}, {}};
    Table shares{{"Forecast", "Option (share of draws)"}, {}};
    for (const auto& [key, value] : at(f, "outputs").entries) {
      // One issue's forecast is the output "forecast"; several issues' are "forecast.ISSUE".
      if (key.text != "forecast" && key.text.rfind("forecast.", 0) != 0) continue;
      const std::string issue = key.text == "forecast" ? single_issue(f) : key.text.substr(9);
      if (value.find("mean") == nullptr && value.find("p") != nullptr) {
        // A discrete issue's forecast is an option in each draw: each option's share, largest first.
        std::vector<std::pair<double, std::string>> options;
        for (const auto& [option, p] : at(value, "p").entries) options.emplace_back(p.number, option.text);
        std::stable_sort(options.begin(), options.end(),
                         [](const auto& x, const auto& y) { return x.first > y.first; });
        std::string list;
        for (const auto& [p, option] : options)
          list += (list.empty() ? "" : ", ") + option + " " + rounded(100 * p, 1) + " %";
        shares.rows.push_back({issue, cell(Node::make_string(list))});
        continue;
      }
      t.rows.push_back(
          {issue, cell(at(value, "mean")), cell(at(value, "q05")), cell(at(value, "q50")), cell(at(value, "q95"))});
    }
    if (!t.rows.empty()) write(out, t);
    if (!shares.rows.empty()) write(out, shares);
  }
}

void stability(std::string& out, const Node& d) {
  const Node& st = at(d, "stability");
  if (st.kind != Kind::mapping) return;
  out += "## Stability (graph model)\n\n";
  if (skipped(out, st)) return;
  Table t{{"Concept", "Equilibria", "A state is stable when"}, {}};
  const auto pattern = [&](const Node& number) {
    for (const auto& s : at(st, "states").items) {
      if (at(s, "number").number == number.number) return cell(number, 0) + " " + cell(at(s, "pattern"));
    }
    return cell(number, 0);
  };
  for (const auto& [key, value] : at(st, "equilibria").entries) {
    std::string list;
    for (const auto& n : value.items) list += (list.empty() ? "" : ", ") + pattern(n);
    const Node& entry = concept_entry(st, key.text);
    t.rows.push_back({concept_title(st, key.text), list.empty() ? "none" : list,
                      entry.kind == Kind::mapping ? cell(at(entry, "description")) : "-"});
  }
  write(out, t);
  const Node& sq = at(st, "status_quo");
  if (sq.kind != Kind::mapping) return;
  out += "Status quo " + cell(at(sq, "pattern")) + ": " + cell(at(sq, "reachable"), 0) +
         " states reachable by legal moves, " + cell(at(sq, "reachable_by_improvements"), 0) +
         " by improvements only.\n\n";
  Table r{{"Equilibrium", "Concepts", "Moves from the status quo", "Improvements only"}, {}};
  for (const auto& e : at(sq, "equilibria").items) {
    const Node& by_moves = at(e, "by_moves");
    const Node& by_improvements = at(e, "by_improvements");
    std::string titles;
    for (const auto& c : at(e, "concepts").items) titles += (titles.empty() ? "" : ", ") + concept_title(st, c.text);
    r.rows.push_back({cell(at(e, "pattern")), titles,
                      by_moves.kind == Kind::mapping ? cell(at(by_moves, "steps"), 0) : "unreachable",
                      by_improvements.kind == Kind::mapping ? cell(at(by_improvements, "steps"), 0) : "unreachable"});
  }
  write(out, r);
}

}  // namespace

std::string page_markdown(const doc::Node& d) {
  std::string out;
  story(out, d);
  const Node& points = at(d, "points");
  if (!points.items.empty()) {
    issues(out, d, points.items.back());
    timeline(out, d, points);
    packages(out, d, points.items.back());
  }
  forecasts(out, d);
  uncertainty(out, d);
  stability(out, d);
  if (!at(d, "notes").items.empty()) {
    out += "## Not in this report\n\n";
    for (const auto& note : at(d, "notes").items) out += "- " + cell(note) + "\n";
    out += "\n";
  }
  while (out.size() > 1 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') out.pop_back();
  return out;
}

}  // namespace parley::report
