// `parley forecast --model eum`: JSON, text and CSV.
#include "report/forecast.hpp"

#include <cmath>

#include "core/stats.hpp"
#include "core/text.hpp"
#include "report/format.hpp"
#include "report/show.hpp"
#include "report/table.hpp"

namespace parley::report {

using doc::Node;

namespace {

Node num(double x) {
  return computed(x);
}
Node str(const std::string& s) {
  return Node::make_string(s);
}

std::string_view kind_name(forecast::MoveKind k) {
  switch (k) {
    case forecast::MoveKind::confrontation:
      return "confrontation";
    case forecast::MoveKind::compromise:
      return "compromise";
    case forecast::MoveKind::capitulation:
      return "capitulation";
  }
  return "confrontation";
}

std::string_view stop_name(forecast::EumResult::Stop s) {
  switch (s) {
    case forecast::EumResult::Stop::rounds:
      return "rounds";
    case forecast::EumResult::Stop::converged:
      return "converged";
    case forecast::EumResult::Stop::cycle:
      return "cycle";
    case forecast::EumResult::Stop::cancelled:
      return "cancelled";
  }
  return "rounds";
}

const std::string& actor_id(const Scenario& s, const EumRun& run, std::size_t i) {
  return s.actors[run.input.actors[i]].id;
}

// How a run ended, as people read it: converged, cycle, cap (the rounds ran out) or cancelled.
std::string_view end_name(forecast::EumResult::Stop s) {
  return s == forecast::EumResult::Stop::rounds ? "cap" : stop_name(s);
}

// A value of the issue's scale: on a discrete issue the nearest option by name (the model moves positions on
// the options' order, so a position may fall between two), else the number.
std::optional<std::string> option_name(const Issue& issue, double x) {
  if (!issue.discrete || issue.options.empty()) return std::nullopt;
  return issue.options[core::nearest_option(x, issue.options.size())];
}

Node scale_node(const Issue& issue, double x) {
  if (const auto option = option_name(issue, x)) return str(*option);
  return num(x);
}

Node end_node(const Issue& issue, const forecast::EumResult& r) {
  Node n = Node::make_mapping();
  n.set("state", str(std::string(end_name(r.stop))));
  n.set("settled", Node::make_bool(r.settled));
  n.set("low", scale_node(issue, r.low));
  n.set("high", scale_node(issue, r.high));
  return n;
}

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

Node check_node(const Scenario& s, const analysis::PackageCheck& c) {
  Node n = Node::make_mapping();
  n.set("complete", Node::make_bool(c.complete));
  Node violations = Node::make_sequence();
  for (const auto& v : c.violations) {
    Node vn = Node::make_mapping();
    vn.set("id", str(violation_id(s, v)));
    vn.set("actor", str(s.actors[v.actor].id));
    vn.set("kind", str(std::string(violation_kind(v.kind))));
    if (v.kind == analysis::Violation::Kind::reservation) {
      vn.set("issue", str(s.issues[v.issue].id));
      vn.set("value", num(v.value));
      vn.set("low", num(v.low));
      vn.set("high", num(v.high));
    } else if (v.kind == analysis::Violation::Kind::red_line) {
      vn.set("rule", str(s.constraints[v.rule].id));
    } else {
      vn.set("utility", num(v.value));
      vn.set("no_deal", num(v.low));
    }
    violations.push(std::move(vn));
  }
  n.set("violations", std::move(violations));
  Node votes = Node::make_sequence();
  for (const auto& vote : c.votes) {
    Node vn = Node::make_mapping();
    vn.set("id", str(s.constraints[vote.rule].id));
    vn.set("holds", Node::make_bool(vote.holds));
    vn.set("pass", num(vote.pass));
    votes.push(std::move(vn));
  }
  n.set("votes", std::move(votes));
  n.set("ratification", num(c.ratification));
  return n;
}

Node run_node(const Scenario& s, const EumRun& run) {
  Node n = Node::make_mapping();
  const Issue& issue = s.issues[run.issue];
  n.set("issue", str(issue.id));
  Node rounds = Node::make_sequence();
  for (const auto& r : run.result.rounds) {
    Node rn = Node::make_mapping();
    rn.set("round", num(r.round));
    rn.set("median", scale_node(issue, r.median));
    rn.set("mean", issue.discrete ? Node::make_null() : num(r.mean));  // a mean of options names nothing
    Node positions = Node::make_mapping();
    for (std::size_t i = 0; i < r.positions.size(); ++i)
      positions.set(actor_id(s, run, i), scale_node(issue, r.positions[i]));
    rn.set("positions", std::move(positions));
    Node risk = Node::make_mapping();
    for (std::size_t i = 0; i < r.risk.size(); ++i) risk.set(actor_id(s, run, i), num(r.risk[i]));
    rn.set("risk", std::move(risk));
    Node moves = Node::make_sequence();
    for (const auto& m : r.moves) {
      Node mn = Node::make_mapping();
      mn.set("actor", str(actor_id(s, run, m.actor)));
      mn.set("towards", str(actor_id(s, run, m.towards)));
      mn.set("kind", str(std::string(kind_name(m.kind))));
      mn.set("eu_ij", num(m.eu_ij));
      mn.set("eu_ji", num(m.eu_ji));
      mn.set("to", scale_node(issue, m.to));
      moves.push(std::move(mn));
    }
    rn.set("moves", std::move(moves));
    rounds.push(std::move(rn));
  }
  n.set("rounds", std::move(rounds));
  Node stop = Node::make_mapping();
  stop.set("reason", str(std::string(stop_name(run.result.stop))));
  stop.set("period", run.result.stop == forecast::EumResult::Stop::cycle ? num(run.result.period) : Node::make_null());
  if (run.result.stop == forecast::EumResult::Stop::cycle) stop.set("from_round", num(run.result.cycle_start));
  n.set("stop", std::move(stop));
  n.set("end", end_node(issue, run.result));
  // On a discrete issue the forecast is an option, named (and `option` repeats it, as the spatial model's
  // output does), so that a sweep gives each option's share.
  n.set("forecast", scale_node(issue, run.result.forecast));
  if (const auto option = option_name(issue, run.result.forecast)) n.set("option", str(*option));
  return n;
}

// Trajectories read at three decimals.
std::string fmt(double x, int decimals = 3) {
  return rounded(x, decimals);
}

}  // namespace

Node eum_json(const Scenario& s, const EumReport& r, const Stamp& stamp) {
  Node n = Node::make_mapping();
  n.set("parley", stamp_node(stamp));
  n.set("model", str("eum"));
  n.set("variant", str(r.variant));
  n.set("q", num(r.q));
  n.set("at", str(r.at));
  if (r.runs.size() == 1) {
    Node one = run_node(s, r.runs.front());
    for (auto& [key, value] : one.entries) n.set(key.text, std::move(value));
    n.set("check", check_node(s, r.check));
    return n;
  }
  Node issues = Node::make_sequence();
  Node package = Node::make_mapping();
  for (const auto& run : r.runs) {
    issues.push(run_node(s, run));
    package.set(s.issues[run.issue].id, num(run.result.forecast));
  }
  n.set("issues", std::move(issues));
  n.set("forecast", std::move(package));
  n.set("check", check_node(s, r.check));
  return n;
}

namespace {

// Whether the run's forecast is one firm number, as the sentence that leads its issue (docs/models.md §3.7).
std::string end_text(const Issue& issue, const forecast::EumResult& r) {
  const auto v = [&](double x) { return value_on(issue, x, 3); };
  const int last = r.rounds.back().round;
  const std::string range = v(r.low) + " to " + v(r.high);
  switch (r.stop) {
    case forecast::EumResult::Stop::converged:
      return "settled: converged in round " + std::to_string(last);
    case forecast::EumResult::Stop::cycle: {
      const std::string cycle = "period " + std::to_string(r.period) + " from round " + std::to_string(r.cycle_start);
      if (r.settled) return "settled: the positions cycle (" + cycle + "), with the same median in every state";
      std::string states;
      for (int k = r.cycle_start; k < last; ++k)
        states += (states.empty() ? "" : ", ") + v(r.rounds[static_cast<std::size_t>(k)].median);
      return "NOT SETTLED: the median cycles (" + cycle + ") through " + states + ", spanning " + range;
    }
    case forecast::EumResult::Stop::rounds:
      return "NOT SETTLED: still moving when the cap of " + std::to_string(last) +
             " rounds stopped it; the medians of rounds " + std::to_string(last - last / 2) + " to " +
             std::to_string(last) + " span " + range;
    case forecast::EumResult::Stop::cancelled:
      return "NOT SETTLED: stopped early, in round " + std::to_string(last);
  }
  return "";
}

// The forecast package against the parties' limits, red lines, no_deal levels and ratification votes;
// `unsettled` names the issues whose values are not firm.
std::string check_text(const Scenario& s, const analysis::PackageCheck& c, const std::string& unsettled) {
  std::string out = "\nThe forecast package against the parties' limits";
  if (!unsettled.empty()) out += " (" + unsettled + " at the last round's median, not settled)";
  out += ":\n";
  for (const auto& v : c.violations) {
    const std::string& who = s.actors[v.actor].id;
    switch (v.kind) {
      case analysis::Violation::Kind::reservation: {
        const Issue& issue = s.issues[v.issue];
        out += "  " + who + ": " + issue.id + " " + value_on(issue, v.value, 3) + " lies outside what it accepts, " +
               value_on(issue, v.low, 3) + " to " + value_on(issue, v.high, 3) + "\n";
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

}  // namespace

std::string eum_text(const Scenario& s, const EumReport& r, const Stamp& stamp) {
  std::string out =
      s.title + "\nexpected-utility model, variant " + r.variant + ", Q = " + fmt(r.q) + ", at " + r.at + "\n";
  for (const auto& run : r.runs) {
    const Issue& issue = s.issues[run.issue];
    out += "\n" + issue.id + (issue.name.empty() || issue.name == issue.id ? "" : " (" + issue.name + ")") + "\n";
    out += "  " + end_text(issue, run.result) + "\n";
    // On a discrete issue values are options by name (a position the model moved between two options keeps its
    // place on the options' order), and the mean of option positions is left out: it names nothing.
    std::vector<std::string> header{"round", "median"};
    if (!issue.discrete) header.emplace_back("mean");
    for (std::size_t i = 0; i < run.input.actors.size(); ++i) header.push_back(actor_id(s, run, i));
    Table t(header);
    for (const auto& round : run.result.rounds) {
      std::vector<std::string> row{std::to_string(round.round), value_on(issue, round.median, 3)};
      if (!issue.discrete) row.push_back(fmt(round.mean));
      for (double x : round.positions) row.push_back(value_on(issue, x, 3));
      t.add(row);
    }
    out += t.render();
    const auto& res = run.result;
    if (res.settled) {
      out += "  forecast: " + value_on(issue, res.forecast, 3) + "\n";
    } else {
      out += "  forecast: none settled (the model's number, round " + std::to_string(res.rounds.back().round) +
             "'s median " + value_on(issue, res.forecast, 3) + ", is one point of " + value_on(issue, res.low, 3) +
             " to " + value_on(issue, res.high, 3) + ")\n";
    }
    // Who moved whom, round by round, with the expected utilities behind each move and the risk exponents.
    for (const auto& round : res.rounds) {
      if (round.moves.empty()) continue;
      out += "  round " + std::to_string(round.round) + ":";
      if (!round.risk.empty()) {
        out += " risk";
        for (std::size_t i = 0; i < round.risk.size(); ++i)
          out += " " + actor_id(s, run, i) + "=" + fmt(round.risk[i], 2);
      }
      out += "\n";
      for (const auto& m : round.moves) {
        out += "    " + actor_id(s, run, m.actor) + " <- " + actor_id(s, run, m.towards) + ": " +
               std::string(kind_name(m.kind)) + " -> " + value_on(issue, m.to, 3) + " (eu_ij " + fmt(m.eu_ij, 6) +
               ", eu_ji " + fmt(m.eu_ji, 6) + ")\n";
      }
    }
  }
  if (r.runs.size() > 1) {
    out += "\nForecast package:";
    for (const auto& run : r.runs) {
      const Issue& issue = s.issues[run.issue];
      out += " " + issue.id + " " +
             (run.result.settled ? value_on(issue, run.result.forecast, 3)
                                 : "not settled (" + value_on(issue, run.result.low, 3) + " to " +
                                       value_on(issue, run.result.high, 3) + ")") +
             ";";
    }
    out.pop_back();
    out += "\n";
  }
  std::string unsettled;
  for (const auto& run : r.runs)
    if (!run.result.settled) unsettled += (unsettled.empty() ? "" : ", ") + s.issues[run.issue].id;
  out += check_text(s, r.check, unsettled);
  out += "\nparley " + stamp.version + ", scenario sha256 " + stamp.scenario_sha256.substr(0, 12) + "\n";
  return out;
}

std::string eum_csv(const Scenario& s, const EumReport& r) {
  // RFC 4180: ids are plain and numbers need no quotes; an option's name (a discrete issue's values, as in the
  // JSON) is quoted when it holds a comma, quote or line break. A discrete issue's mean is left empty.
  std::string out = "issue,round,actor,position,risk,median,mean,towards,kind,eu_ij,eu_ji,to\n";
  auto n = [](double x) { return core::format_number(core::snap_decimal(x)); };
  for (const auto& run : r.runs) {
    const Issue& issue = s.issues[run.issue];
    const auto v = [&](double x) {
      const auto option = option_name(issue, x);
      return option ? csv_field(*option) : n(x);
    };
    for (const auto& round : run.result.rounds) {
      for (std::size_t i = 0; i < round.positions.size(); ++i) {
        out += issue.id + "," + std::to_string(round.round) + "," + actor_id(s, run, i) + "," + v(round.positions[i]) +
               "," + (i < round.risk.size() ? n(round.risk[i]) : "") + "," + v(round.median) + "," +
               (issue.discrete ? "" : n(round.mean)) + ",";
        const forecast::Move* move = nullptr;
        for (const auto& m : round.moves) {
          if (m.actor == i) move = &m;
        }
        if (move) {
          out += actor_id(s, run, move->towards) + "," + std::string(kind_name(move->kind)) + "," + n(move->eu_ij) +
                 "," + n(move->eu_ji) + "," + v(move->to);
        } else {
          out += ",,,,";
        }
        out += "\n";
      }
    }
  }
  return out;
}

namespace {

// run_node's outputs, in its order: the same keys, list items named as sweep::flatten names them (rounds by
// their number, moves by their actor), numbers snapped as computed() snaps them.
void run_outputs(const Scenario& s, const EumRun& run, sweep::OutputWriter& w) {
  const auto number = [&w](std::string_view key, double x) { w.number(key, core::snap_decimal(x)); };
  const Issue& issue = s.issues[run.issue];
  const auto value = [&](std::string_view key, double x) {  // as scale_node gives it
    if (const auto option = option_name(issue, x)) {
      w.category(key, *option);
    } else {
      number(key, x);
    }
  };
  w.category("issue", issue.id);
  const std::size_t rounds = w.enter("rounds");
  for (const auto& r : run.result.rounds) {
    const std::size_t item = w.enter(std::to_string(r.round));  // a whole number, as flatten names it
    number("round", r.round);
    value("median", r.median);
    if (issue.discrete) {
      w.category("mean", "null");
    } else {
      number("mean", r.mean);
    }
    std::size_t at = w.enter("positions");
    for (std::size_t i = 0; i < r.positions.size(); ++i) value(actor_id(s, run, i), r.positions[i]);
    w.leave(at);
    at = w.enter("risk");
    for (std::size_t i = 0; i < r.risk.size(); ++i) number(actor_id(s, run, i), r.risk[i]);
    w.leave(at);
    at = w.enter("moves");
    for (const auto& m : r.moves) {
      const std::size_t move = w.enter(actor_id(s, run, m.actor));
      w.category("actor", actor_id(s, run, m.actor));
      w.category("towards", actor_id(s, run, m.towards));
      w.category("kind", kind_name(m.kind));
      number("eu_ij", m.eu_ij);
      number("eu_ji", m.eu_ji);
      value("to", m.to);
      w.leave(move);
    }
    w.leave(at);
    w.leave(item);
  }
  w.leave(rounds);
  const std::size_t stop = w.enter("stop");
  const bool cycle = run.result.stop == forecast::EumResult::Stop::cycle;
  w.category("reason", stop_name(run.result.stop));
  if (cycle) {
    number("period", run.result.period);
    number("from_round", run.result.cycle_start);
  } else {
    w.category("period", "null");
  }
  w.leave(stop);
  const std::size_t end = w.enter("end");
  w.category("state", end_name(run.result.stop));
  w.category("settled", run.result.settled ? "true" : "false");
  value("low", run.result.low);
  value("high", run.result.high);
  w.leave(end);
  value("forecast", run.result.forecast);
  if (const auto option = option_name(issue, run.result.forecast)) w.category("option", *option);
}

// check_node's outputs, in its order.
void check_outputs(const Scenario& s, const analysis::PackageCheck& c, sweep::OutputWriter& w) {
  const auto number = [&w](std::string_view key, double x) { w.number(key, core::snap_decimal(x)); };
  const std::size_t check = w.enter("check");
  w.category("complete", c.complete ? "true" : "false");
  std::size_t at = w.enter("violations");
  for (const auto& v : c.violations) {
    const std::string id = violation_id(s, v);
    const std::size_t item = w.enter(id);
    w.category("id", id);
    w.category("actor", s.actors[v.actor].id);
    w.category("kind", violation_kind(v.kind));
    if (v.kind == analysis::Violation::Kind::reservation) {
      w.category("issue", s.issues[v.issue].id);
      number("value", v.value);
      number("low", v.low);
      number("high", v.high);
    } else if (v.kind == analysis::Violation::Kind::red_line) {
      w.category("rule", s.constraints[v.rule].id);
    } else {
      number("utility", v.value);
      number("no_deal", v.low);
    }
    w.leave(item);
  }
  w.leave(at);
  at = w.enter("votes");
  for (const auto& vote : c.votes) {
    const std::string& id = s.constraints[vote.rule].id;
    const std::size_t item = w.enter(id);
    w.category("id", id);
    w.category("holds", vote.holds ? "true" : "false");
    number("pass", vote.pass);
    w.leave(item);
  }
  w.leave(at);
  number("ratification", c.ratification);
  w.leave(check);
}

}  // namespace

void eum_outputs(const Scenario& s, const EumReport& r, std::vector<sweep::Output>& out) {
  sweep::OutputWriter w(out);
  w.category("model", "eum");
  w.category("variant", r.variant);
  w.number("q", core::snap_decimal(r.q));
  if (r.runs.size() == 1) {
    run_outputs(s, r.runs.front(), w);
    check_outputs(s, r.check, w);
    return;
  }
  std::size_t at = w.enter("issues");
  for (const auto& run : r.runs) {
    const std::size_t item = w.enter(s.issues[run.issue].id);
    run_outputs(s, run, w);
    w.leave(item);
  }
  w.leave(at);
  at = w.enter("forecast");
  for (const auto& run : r.runs) w.number(s.issues[run.issue].id, core::snap_decimal(run.result.forecast));
  w.leave(at);
  check_outputs(s, r.check, w);
}

namespace {

// Model positions are on [0, 1]; people read them on the issue's own scale.
double on_scale(const Issue& issue, double x) {
  return issue.min + x * (issue.max - issue.min);
}

Node point_node(const Scenario& s, const std::vector<double>& x) {
  Node n = Node::make_mapping();
  // A discrete issue's position by the nearest option's name (the spatial model moves on the options' order).
  for (std::size_t k = 0; k < x.size(); ++k)
    n.set(s.issues[k].id, scale_node(s.issues[k], on_scale(s.issues[k], x[k])));
  return n;
}

}  // namespace

std::vector<double> smp_package(const Scenario& s, const forecast::SmpResult& r) {
  std::vector<double> out;
  for (std::size_t k = 0; k < s.issues.size(); ++k) {
    const Issue& issue = s.issues[k];
    if (!issue.discrete) {
      out.push_back(on_scale(issue, r.forecast[k]));
      continue;
    }
    const auto shares = forecast::option_shares(r, k, issue.options.size());
    out.push_back(static_cast<double>(std::max_element(shares.begin(), shares.end()) - shares.begin()));
  }
  return out;
}

namespace {

// Whether the spatial model settled: it converged, or the turn cap stopped it.
bool smp_settled(const forecast::SmpResult& r) {
  return r.stop == "converged";
}

}  // namespace

Node smp_json(const Scenario& s, const SmpReport& r, const Stamp& stamp) {
  Node n = Node::make_mapping();
  n.set("parley", stamp_node(stamp));
  n.set("model", str("smp"));
  n.set("parameters", str("KTAB default (deterministic)"));
  n.set("at", str(r.at));
  Node rescaled = Node::make_sequence();
  for (const auto& id : r.input.rescaled) rescaled.push(str(id));
  n.set("salience_rescaled", std::move(rescaled));
  const auto& ids = r.input.ids;
  Node rounds = Node::make_sequence();
  for (const auto& st : r.result.states) {
    Node rn = Node::make_mapping();
    rn.set("round", num(st.turn));
    Node positions = Node::make_mapping(), probabilities = Node::make_mapping(), risk = Node::make_mapping();
    for (std::size_t i = 0; i < ids.size(); ++i) {
      positions.set(ids[i], point_node(s, st.position[i]));
      probabilities.set(ids[i], num(st.probability[i]));
      if (i < st.risk.size()) risk.set(ids[i], num(st.risk[i]));
    }
    rn.set("positions", std::move(positions));
    rn.set("probabilities", std::move(probabilities));
    rn.set("risk", std::move(risk));
    Node challenges = Node::make_sequence();
    for (const auto& c : st.challenges) {
      Node cn = Node::make_mapping();
      cn.set("actor", str(ids[c.challenger]));
      cn.set("towards", str(ids[c.target]));
      cn.set("kind", str("bargain"));
      cn.set("gain", num(c.gain));
      cn.set("probability", num(c.probability));
      cn.set("actor_to", point_node(s, c.challenger_to));
      cn.set("towards_to", point_node(s, c.target_to));
      challenges.push(std::move(cn));
    }
    rn.set("moves", std::move(challenges));
    Node moved = Node::make_mapping();
    for (std::size_t i = 0; i < st.moved_by.size(); ++i) {
      if (st.moved_by[i]) moved.set(ids[i], str(ids[*st.moved_by[i]]));
    }
    rn.set("moved_by", std::move(moved));
    rounds.push(std::move(rn));
  }
  n.set("rounds", std::move(rounds));
  Node stop = Node::make_mapping();
  stop.set("reason", str(r.result.stop == "turns" ? "rounds" : r.result.stop));
  stop.set("period", Node::make_null());
  n.set("stop", std::move(stop));
  Node end = Node::make_mapping();
  end.set("state", str(smp_settled(r.result) ? "converged" : "cap"));
  end.set("settled", Node::make_bool(smp_settled(r.result)));
  n.set("end", std::move(end));
  // On a discrete issue the forecast is the most probable option, by name, with every option's share.
  const std::vector<double> package = smp_package(s, r.result);
  Node forecast = Node::make_mapping();
  Node shares = Node::make_mapping();
  for (std::size_t k = 0; k < s.issues.size(); ++k) {
    const Issue& issue = s.issues[k];
    if (!issue.discrete) {
      forecast.set(issue.id, num(package[k]));
      continue;
    }
    forecast.set(issue.id, str(issue.options[static_cast<std::size_t>(package[k])]));
    Node by_option = Node::make_mapping();
    const auto share = forecast::option_shares(r.result, k, issue.options.size());
    for (std::size_t j = 0; j < share.size(); ++j) by_option.set(issue.options[j], num(share[j]));
    shares.set(issue.id, std::move(by_option));
  }
  n.set("forecast", std::move(forecast));
  n.set("option_shares", std::move(shares));
  n.set("check", check_node(s, r.check));
  return n;
}

std::string smp_text(const Scenario& s, const SmpReport& r, const Stamp& stamp) {
  std::string out = s.title + "\nspatial model (KTAB default parameters), at " + r.at + "\n";
  const int turns = static_cast<int>(r.result.states.size()) - 1;
  out += smp_settled(r.result) ? "settled: converged after " + std::to_string(turns) + " turns\n"
                               : "NOT SETTLED: the cap of " + std::to_string(turns) +
                                     " turns stopped it while the positions still moved\n";
  if (!r.input.rescaled.empty()) {
    out += "saliences summing above 100 scaled to 100 for:";
    for (const auto& id : r.input.rescaled) out += " " + id;
    out += "\n";
  }
  const auto& ids = r.input.ids;
  for (std::size_t k = 0; k < s.issues.size(); ++k) {
    const Issue& issue = s.issues[k];
    out += "\n" + issue.id + (issue.discrete ? " (each position at its nearest option)" : "") + "\n";
    std::vector<std::string> header{"turn"};
    header.insert(header.end(), ids.begin(), ids.end());
    Table t(header);
    for (const auto& st : r.result.states) {
      std::vector<std::string> row{std::to_string(st.turn)};
      for (std::size_t i = 0; i < ids.size(); ++i) {
        const double x = on_scale(issue, st.position[i][k]);
        const auto option = option_name(issue, x);
        row.push_back(option ? *option : fmt(x, 1));
      }
      t.add(row);
    }
    out += t.render();
  }
  out +=
      "\nwinning probabilities (of each actor's position; actors at one position show that position's, so a row "
      "can sum past 1)\n";
  std::vector<std::string> header{"turn"};
  header.insert(header.end(), ids.begin(), ids.end());
  Table p(header);
  for (const auto& st : r.result.states) {
    std::vector<std::string> row{std::to_string(st.turn)};
    for (double x : st.probability) row.push_back(fmt(x, 4));
    p.add(row);
  }
  out += p.render();
  out += "\nchallenges (challenger -> target: gain, its win probability)\n";
  for (const auto& st : r.result.states) {
    if (st.challenges.empty()) continue;
    out += "  turn " + std::to_string(st.turn) + ":";
    for (const auto& c : st.challenges)
      out +=
          " " + ids[c.challenger] + "->" + ids[c.target] + " (" + fmt(c.gain, 3) + ", " + fmt(c.probability, 3) + ")";
    out += "\n";
  }
  out += "stopped: " + std::string(r.result.stop == "turns" ? "rounds" : r.result.stop) + " after " +
         std::to_string(turns) +
         " turns\nforecast (probability-weighted; a discrete issue's options with their winning "
         "probabilities";
  if (!smp_settled(r.result)) out += "; not settled";
  out += "):";
  // A discrete issue's options by their winning probability: a mean of option indices would mean nothing.
  for (std::size_t k = 0; k < s.issues.size(); ++k) {
    const Issue& issue = s.issues[k];
    out += " " + issue.id + " ";
    if (!issue.discrete) {
      out += fmt(on_scale(issue, r.result.forecast[k]), 1) + ";";
      continue;
    }
    const auto share = forecast::option_shares(r.result, k, issue.options.size());
    std::vector<std::size_t> order(share.size());
    for (std::size_t j = 0; j < order.size(); ++j) order[j] = j;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return share[a] > share[b]; });
    std::string options;
    for (const std::size_t j : order)
      if (share[j] > 0) options += (options.empty() ? "" : ", ") + issue.options[j] + " (" + fmt(share[j], 3) + ")";
    out += options + ";";
  }
  out.pop_back();
  out += "\n";
  out += check_text(s, r.check, smp_settled(r.result) ? "" : "every issue");
  out += "\nparley " + stamp.version + ", scenario sha256 " + stamp.scenario_sha256.substr(0, 12) + "\n";
  return out;
}

std::string smp_csv(const Scenario& s, const SmpReport& r) {
  std::string out = "turn,actor,issue,position,probability,moved_by\n";
  auto n = [](double x) { return core::format_number(core::snap_decimal(x)); };
  const auto& ids = r.input.ids;
  for (const auto& st : r.result.states) {
    for (std::size_t i = 0; i < ids.size(); ++i) {
      for (std::size_t k = 0; k < s.issues.size(); ++k) {
        const double x = on_scale(s.issues[k], st.position[i][k]);
        const auto option = option_name(s.issues[k], x);
        out += std::to_string(st.turn) + "," + ids[i] + "," + s.issues[k].id + "," +
               (option ? csv_field(*option) : n(x)) + "," + n(st.probability[i]) + "," +
               (i < st.moved_by.size() && st.moved_by[i] ? ids[*st.moved_by[i]] : "") + "\n";
      }
    }
  }
  return out;
}

}  // namespace parley::report
