// `parley simulate` and `parley tournament` outputs.
#include "report/simulate.hpp"

#include <algorithm>

#include "report/analyze.hpp"
#include "report/format.hpp"
#include "report/show.hpp"
#include "report/table.hpp"

namespace parley::report {

namespace {

using doc::Node;
using sim::Outcomes;
using sim::Package;

Node str(const std::string& s) {
  return Node::make_string(s);
}

Node num(double x) {
  return computed(x);
}

std::string party_id(const Outcomes& o, std::size_t i) {
  return i < o.party_count() ? o.space->actors[o.parties[i]].id : "mediator";
}

std::string value_text(const Outcomes& o, std::size_t k, std::size_t j) {
  const auto& issue = o.space->issues[k];
  if (!issue.labels.empty()) return issue.labels[j];
  return rounded(issue.values[j], 4);
}

// The package's values as `parley analyze` writes a package's (by name where values have names).
Node values_node(const Outcomes& o, Package x) {
  return values_json(*o.space, o.grid_indices(x));
}

std::string values_text(const Outcomes& o, Package x) {
  std::string out;
  const auto grid = o.grid_indices(x);
  for (std::size_t k = 0; k < grid.size(); ++k) {
    out += (k == 0 ? "" : ", ") + o.space->issues[k].id + " " + value_text(o, k, grid[k]);
  }
  return out;
}

Node utilities_node(const Outcomes& o, Package x) {
  Node n = Node::make_mapping();
  for (std::size_t i = 0; i < o.party_count(); ++i) n.set(party_id(o, i), num(o.u(x, i)));
  return n;
}

// The utilities the parties end with: of the agreement, or of no agreement (their reservation values).
Node final_utilities(const sim::Result& r) {
  const Outcomes& o = *r.outcomes;
  Node n = Node::make_mapping();
  for (std::size_t i = 0; i < o.party_count(); ++i) {
    n.set(party_id(o, i), num(r.agreement ? o.u(*r.agreement, i) : o.reservation[i]));
  }
  return n;
}

const Outcomes& outcomes_at(const SimulationReport& r, std::size_t round) {
  const Outcomes* o = r.start;
  for (const auto& e : r.events) {
    if (e.round <= round) o = e.outcomes;
  }
  return *o;
}

}  // namespace

Node simulate_json(const SimulationReport& r, const Stamp& stamp) {
  const Outcomes& end = *r.result.outcomes;
  Node root = Node::make_mapping();
  Node st = stamp_node(stamp);
  st.set("seed", Node::make_integer(r.seed));
  root.set("parley", std::move(st));
  root.set("protocol", str(r.protocol));
  root.set("at", str(r.at));
  root.set("rounds", num(static_cast<double>(r.rounds)));
  Node parties = Node::make_sequence();
  for (std::size_t i = 0; i < end.party_count(); ++i) {
    Node p = Node::make_mapping();
    p.set("id", str(party_id(end, i)));
    p.set("strategy", str(r.strategies[i]));
    p.set("no_deal_utility", num(end.reservation[i]));
    parties.push(std::move(p));
  }
  root.set("parties", std::move(parties));
  if (r.protocol == "single-text") {
    root.set("mediator", end.mediator ? str(end.space->actors[*end.mediator].id) : Node::make_null());
  }
  Node events = Node::make_sequence();
  for (const auto& e : r.events) {
    Node n = Node::make_mapping();
    n.set("round", num(static_cast<double>(e.round)));
    n.set("at", str(e.id));
    events.push(std::move(n));
  }
  root.set("events", std::move(events));
  const auto& res = r.result;
  if (res.agreement) {
    Node a = Node::make_mapping();
    a.set("values", values_node(end, *res.agreement));
    a.set("utilities", utilities_node(end, *res.agreement));
    // The agreement stands only if it is ratified: the chance, and what each party can expect.
    a.set("ratification", num(sim::ratification(end, *res.agreement)));
    Node expected = Node::make_mapping();
    for (std::size_t i = 0; i < end.party_count(); ++i)
      expected.set(party_id(end, i), num(sim::expected_utility(end, *res.agreement, i)));
    a.set("expected_utilities", std::move(expected));
    root.set("agreement", std::move(a));
    root.set("round", num(static_cast<double>(res.round)));
  } else {
    root.set("agreement", Node::make_null());
    root.set("round", Node::make_null());
  }
  root.set("utilities", final_utilities(res));
  const auto pareto = res.agreement ? sim::distance_to_frontier(end, *res.agreement) : std::nullopt;
  root.set("distance_to_pareto", pareto ? num(*pareto) : Node::make_null());
  const auto nash = res.agreement ? sim::distance_to_nash(end, *res.agreement) : std::nullopt;
  root.set("distance_to_nash", nash ? num(*nash) : Node::make_null());
  root.set("ended_by",
           res.ended && !res.trace.empty() ? str(party_id(end, res.trace.back().party)) : Node::make_null());
  root.set("timed_out", Node::make_bool(res.timed_out));
  Node trace = Node::make_sequence();
  for (const auto& step : res.trace) {
    const Outcomes& o = outcomes_at(r, step.round);
    Node n = Node::make_mapping();
    n.set("round", num(step.round));
    n.set("party", str(party_id(o, step.party)));
    n.set("action", str(sim::act_name(step.act)));
    if (step.act != sim::Act::end) {
      n.set("values", values_node(o, step.package));
      n.set("utilities", utilities_node(o, step.package));
    }
    trace.push(std::move(n));
  }
  root.set("trace", std::move(trace));
  return root;
}

std::string simulate_text(const SimulationReport& r, const Stamp& stamp) {
  const Outcomes& end = *r.result.outcomes;
  const auto& res = r.result;
  std::string out = "parley " + stamp.version + " · scenario sha256 " + stamp.scenario_sha256.substr(0, 12) +
                    " · seed " + std::to_string(r.seed) + "\n\n";
  out += (r.protocol == "saop" ? "Stacked alternating offers" : "Single text") + std::string(", ") +
         std::to_string(r.rounds) + " rounds, from " + r.at + "\n";
  // An agreement that the votes may still reject: what each party gets if it stands, and can expect.
  const bool votes = std::any_of(end.space->rules.begin(), end.space->rules.end(),
                                 [](const analysis::SpaceRule& rule) { return !rule.red_line; });
  const double ratified = res.agreement ? sim::ratification(end, *res.agreement) : 0.0;
  std::vector<std::string> columns{"party", "strategy", "no-deal utility", "gets"};
  if (res.agreement && votes) columns.emplace_back("expected with ratification");
  Table parties(columns);
  for (std::size_t i = 0; i < end.party_count(); ++i) {
    std::vector<std::string> row{party_id(end, i), r.strategies[i], rounded(end.reservation[i], 4),
                                 rounded(res.agreement ? end.u(*res.agreement, i) : end.reservation[i], 4)};
    if (res.agreement && votes) row.push_back(rounded(sim::expected_utility(end, *res.agreement, i), 4));
    parties.add(row);
  }
  out += parties.render() + "\n";
  for (const auto& e : r.events) out += "Event: " + e.id + " at round " + std::to_string(e.round) + "\n";
  if (res.agreement) {
    out += "Agreement in round " + std::to_string(res.round) + ": " + values_text(end, *res.agreement) + "\n";
    if (votes) {
      out += "Ratified with probability " + rounded(ratified, 4);
      std::string failing;
      std::vector<double> values(end.space->issues.size());
      end.space->values_of(end.grid_indices(*res.agreement), values);
      for (const auto& rule : end.space->rules)
        if (!rule.red_line && !rule.holds(values))
          failing +=
              (failing.empty() ? "" : ", ") + rule.id + " (passes with " + rounded(rule.pass_probability, 4) + ")";
      out += failing.empty() ? ": every vote's condition holds\n" : ": " + failing + " may fail\n";
    }
    const auto pareto = sim::distance_to_frontier(end, *res.agreement);
    out += "Distance to the Pareto frontier " + (pareto ? rounded(*pareto, 4) : std::string("- (no frontier)"));
    const auto nash = sim::distance_to_nash(end, *res.agreement);
    out += ", to the Nash solution " + (nash ? rounded(*nash, 4) : std::string("- (no Nash solution)")) + "\n";
  } else if (res.ended) {
    out += "No agreement: " + party_id(end, res.trace.empty() ? 0 : res.trace.back().party) +
           " ended the negotiation in round " + std::to_string(res.round) + "\n";
  } else {
    out += std::string("No agreement by the deadline") + (res.timed_out ? " (wall time)" : "") + "\n";
  }
  if (!res.trace.empty()) {
    out += "\nTrace:\n";
    std::vector<std::string> header{"round", "party", "action"};
    for (const auto& issue : end.space->issues) header.push_back(issue.id);
    for (std::size_t i = 0; i < end.party_count(); ++i) header.push_back("u_" + party_id(end, i));
    Table t(header);
    for (const auto& step : res.trace) {
      const Outcomes& o = outcomes_at(r, step.round);
      std::vector<std::string> row{std::to_string(step.round), party_id(o, step.party), sim::act_name(step.act)};
      const auto grid = o.grid_indices(step.package);
      for (std::size_t k = 0; k < grid.size(); ++k)
        row.push_back(step.act == sim::Act::end ? "" : value_text(o, k, grid[k]));
      for (std::size_t i = 0; i < o.party_count(); ++i) {
        row.push_back(step.act == sim::Act::end ? "" : rounded(o.u(step.package, i), 4));
      }
      t.add(std::move(row));
    }
    out += t.render();
  }
  return out;
}

std::string simulate_csv(const SimulationReport& r) {
  const Outcomes& start = *r.start;
  std::string out = "round,party,strategy,action";
  for (const auto& issue : start.space->issues) out += "," + issue.id;
  out += ",utility\n";
  const auto& trace = r.result.trace;
  const std::size_t parties = start.party_count();
  for (std::size_t s = 0; s < trace.size();) {
    // One round's steps: per party, its actions joined by '+', and the package of its last one.
    const std::uint32_t round = trace[s].round;
    std::vector<std::string> actions(parties);
    std::vector<const sim::Step*> last(parties, nullptr);
    for (; s < trace.size() && trace[s].round == round; ++s) {
      const auto& step = trace[s];
      if (step.party >= parties) continue;  // the mediator's proposal: the package the parties vote on
      actions[step.party] += (actions[step.party].empty() ? "" : "+") + std::string(sim::act_name(step.act));
      last[step.party] = &step;
    }
    const Outcomes& o = outcomes_at(r, round);
    for (std::size_t i = 0; i < parties; ++i) {
      if (last[i] == nullptr) continue;
      out += std::to_string(round) + "," + csv_field(party_id(o, i)) + "," + r.strategies[i] + "," + actions[i];
      const bool end = last[i]->act == sim::Act::end;
      const auto grid = o.grid_indices(last[i]->package);
      for (std::size_t k = 0; k < grid.size(); ++k) {
        out += "," + (end ? std::string() : csv_field(value_text(o, k, grid[k])));
      }
      out += "," + (end ? std::string() : rounded(o.u(last[i]->package, i), 12)) + "\n";
    }
  }
  return out;
}

namespace {

Node mean_node(const sim::Mean& m) {
  Node n = Node::make_mapping();
  n.set("mean", m.count ? num(m.mean) : Node::make_null());
  n.set("sd", m.count ? num(m.sd) : Node::make_null());
  n.set("ci95", m.count ? num(m.ci95) : Node::make_null());
  n.set("count", num(static_cast<double>(m.count)));
  return n;
}

Node score_node(const std::string& strategy, const sim::StrategyScore& s) {
  Node n = Node::make_mapping();
  n.set("strategy", str(strategy));
  n.set("utility", mean_node(s.utility));
  n.set("agreement", mean_node(s.agreement));
  n.set("welfare", mean_node(s.welfare));
  n.set("distance_to_nash", mean_node(s.distance_to_nash));
  n.set("round", mean_node(s.rounds));
  return n;
}

std::string mean_text(const sim::Mean& m, int decimals = 3) {
  if (m.count == 0) return "-";
  return rounded(m.mean, decimals) + " ± " + rounded(m.ci95, decimals);
}

}  // namespace

Node tournament_json(const TournamentReport& r, const Stamp& stamp) {
  Node root = Node::make_mapping();
  // No scenario_sha256: a tournament plays several inputs (each file is named below).
  Node st = Node::make_mapping();
  st.set("version", str(stamp.version));
  if (!stamp.options.empty()) st.set("options", stamp_options_node(stamp));
  st.set("seed", Node::make_integer(r.options.seed));
  root.set("parley", std::move(st));
  root.set("protocol", str(r.options.single_text ? "single-text" : "saop"));
  root.set("rounds", num(static_cast<double>(r.options.rounds)));
  root.set("repetitions", num(static_cast<double>(r.options.repetitions)));
  Node scenarios = Node::make_sequence();
  for (std::size_t k = 0; k < r.files.size(); ++k) {
    Node n = Node::make_mapping();
    n.set("file", str(r.files[k]));
    n.set("parties", num(static_cast<double>(r.parties[k])));
    n.set("assignments", num(static_cast<double>(r.result.assignments[k])));
    // The scores in this scenario alone, and per role (the party the strategy played).
    Node by_strategy = Node::make_sequence();
    const auto& sc = r.result.scenarios[k];
    for (std::size_t j = 0; j < r.options.strategies.size(); ++j) {
      Node e = score_node(r.options.strategies[j].text(), sc.by_strategy[j]);
      Node roles = Node::make_mapping();
      for (std::size_t i = 0; i < sc.by_role.size(); ++i) {
        Node role = Node::make_mapping();
        role.set("utility", mean_node(sc.by_role[i][j].utility));
        role.set("agreement", mean_node(sc.by_role[i][j].agreement));
        roles.set(i < r.roles[k].size() ? r.roles[k][i] : std::to_string(i), std::move(role));
      }
      e.set("roles", std::move(roles));
      by_strategy.push(std::move(e));
    }
    n.set("strategies", std::move(by_strategy));
    scenarios.push(std::move(n));
  }
  root.set("scenarios", std::move(scenarios));
  root.set("negotiations", num(static_cast<double>(r.result.negotiations)));
  Node scores = Node::make_sequence();
  for (std::size_t k = 0; k < r.options.strategies.size(); ++k)
    scores.push(score_node(r.options.strategies[k].text(), r.result.scores[k]));
  root.set("strategies", std::move(scores));
  return root;
}

std::string tournament_text(const TournamentReport& r) {
  std::string out = std::to_string(r.result.negotiations) + " negotiations (" +
                    (r.options.single_text ? "single text" : "stacked alternating offers") + ", " +
                    std::to_string(r.options.rounds) + " rounds, " + std::to_string(r.options.repetitions) +
                    " repetitions, seed " + std::to_string(r.options.seed) + ") on " + std::to_string(r.files.size()) +
                    " scenario" + (r.files.size() == 1 ? "" : "s") + "; means ± 95 % confidence half-widths\n";
  Table t({"strategy", "utility", "agreement", "welfare", "distance to Nash", "round", "plays"});
  for (std::size_t k = 0; k < r.options.strategies.size(); ++k) {
    const auto& s = r.result.scores[k];
    t.add({r.options.strategies[k].text(), mean_text(s.utility), mean_text(s.agreement), mean_text(s.welfare),
           mean_text(s.distance_to_nash), mean_text(s.rounds, 1), std::to_string(s.utility.count)});
  }
  out +=
      "\nAll scenarios (plays: a strategy's seats at the table, one per role it held in a negotiation)\n" + t.render();
  // Per scenario: each strategy's utility and agreement there, and its utility in each role (the party it played):
  // a strategy that does well only as one party shows it here, not in the average above.
  for (std::size_t k = 0; k < r.files.size() && k < r.result.scenarios.size(); ++k) {
    const auto& sc = r.result.scenarios[k];
    std::vector<std::string> header{"strategy", "utility", "agreement"};
    for (std::size_t i = 0; i < sc.by_role.size(); ++i)
      header.push_back("utility as " + (i < r.roles[k].size() ? r.roles[k][i] : std::to_string(i)));
    Table st(header);
    for (std::size_t j = 0; j < r.options.strategies.size(); ++j) {
      std::vector<std::string> row{r.options.strategies[j].text(), mean_text(sc.by_strategy[j].utility),
                                   mean_text(sc.by_strategy[j].agreement)};
      for (const auto& role : sc.by_role) row.push_back(mean_text(role[j].utility));
      st.add(row);
    }
    out += "\n" + r.files[k] + " (" + std::to_string(r.result.assignments[k] * r.options.repetitions) +
           " negotiations)\n" + st.render();
  }
  return out;
}

std::string tournament_csv(const TournamentReport& r) {
  // One row per strategy over all scenarios (scenario and role empty), then per scenario (role empty), then per
  // scenario and role. The scenario is its file, quoted when it holds a comma or quote (RFC 4180).
  std::string out =
      "scenario,role,strategy,negotiations,utility,utility_ci95,agreement,agreement_ci95,welfare,welfare_ci95,"
      "distance_to_nash,distance_to_nash_ci95,round,round_ci95\n";
  const auto cell = [](const sim::Mean& m) {
    return m.count ? rounded(m.mean, 12) + "," + rounded(m.ci95, 12) : std::string(",");
  };
  const auto row = [&](const std::string& scenario, const std::string& role, std::size_t k,
                       const sim::StrategyScore& s) {
    out += csv_field(scenario) + "," + role + "," + r.options.strategies[k].text() + "," +
           std::to_string(s.utility.count) + "," + cell(s.utility) + "," + cell(s.agreement) + "," + cell(s.welfare) +
           "," + cell(s.distance_to_nash) + "," + cell(s.rounds) + "\n";
  };
  for (std::size_t k = 0; k < r.options.strategies.size(); ++k) row("", "", k, r.result.scores[k]);
  for (std::size_t f = 0; f < r.files.size() && f < r.result.scenarios.size(); ++f) {
    const auto& sc = r.result.scenarios[f];
    for (std::size_t k = 0; k < r.options.strategies.size(); ++k) row(r.files[f], "", k, sc.by_strategy[k]);
    for (std::size_t i = 0; i < sc.by_role.size(); ++i) {
      for (std::size_t k = 0; k < r.options.strategies.size(); ++k)
        row(r.files[f], i < r.roles[f].size() ? r.roles[f][i] : std::to_string(i), k, sc.by_role[i][k]);
    }
  }
  return out;
}

}  // namespace parley::report
