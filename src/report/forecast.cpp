// `parley forecast --model eum`: JSON, text and CSV.
#include "report/forecast.hpp"

#include <cmath>

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

Node run_node(const Scenario& s, const EumRun& run) {
  Node n = Node::make_mapping();
  n.set("issue", str(s.issues[run.issue].id));
  Node rounds = Node::make_sequence();
  for (const auto& r : run.result.rounds) {
    Node rn = Node::make_mapping();
    rn.set("round", num(r.round));
    rn.set("median", num(r.median));
    rn.set("mean", num(r.mean));
    Node positions = Node::make_mapping();
    for (std::size_t i = 0; i < r.positions.size(); ++i) positions.set(actor_id(s, run, i), num(r.positions[i]));
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
      mn.set("to", num(m.to));
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
  n.set("forecast", num(run.result.forecast));
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
  return n;
}

std::string eum_text(const Scenario& s, const EumReport& r, const Stamp& stamp) {
  std::string out =
      s.title + "\nexpected-utility model, variant " + r.variant + ", Q = " + fmt(r.q) + ", at " + r.at + "\n";
  for (const auto& run : r.runs) {
    const Issue& issue = s.issues[run.issue];
    out += "\n" + issue.id + (issue.name.empty() || issue.name == issue.id ? "" : " (" + issue.name + ")") + "\n";
    std::vector<std::string> header{"round", "median", "mean"};
    for (std::size_t i = 0; i < run.input.actors.size(); ++i) header.push_back(actor_id(s, run, i));
    Table t(header);
    for (const auto& round : run.result.rounds) {
      std::vector<std::string> row{std::to_string(round.round), fmt(round.median), fmt(round.mean)};
      for (double x : round.positions) row.push_back(fmt(x));
      t.add(row);
    }
    out += t.render();
    const auto& res = run.result;
    out += "  stopped: " + std::string(stop_name(res.stop));
    if (res.stop == forecast::EumResult::Stop::cycle) {
      out += " (period " + std::to_string(res.period) + ", from round " + std::to_string(res.cycle_start) + ")";
    }
    out += "\n  forecast: " + value_on(issue, res.forecast, 3) + "\n";
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
               std::string(kind_name(m.kind)) + " -> " + fmt(m.to) + " (eu_ij " + fmt(m.eu_ij, 6) + ", eu_ji " +
               fmt(m.eu_ji, 6) + ")\n";
      }
    }
  }
  if (r.runs.size() > 1) {
    out += "\nForecast package:";
    for (const auto& run : r.runs)
      out += " " + s.issues[run.issue].id + " " + value_on(s.issues[run.issue], run.result.forecast, 3) + ";";
    out.pop_back();
    out += "\n";
  }
  out += "\nparley " + stamp.version + ", scenario sha256 " + stamp.scenario_sha256.substr(0, 12) + "\n";
  return out;
}

std::string eum_csv(const Scenario& s, const EumReport& r) {
  // RFC 4180: ids are plain, every other field a number or a fixed word, so nothing needs quoting.
  std::string out = "issue,round,actor,position,risk,median,mean,towards,kind,eu_ij,eu_ji,to\n";
  auto n = [](double x) { return core::format_number(core::snap_decimal(x)); };
  for (const auto& run : r.runs) {
    for (const auto& round : run.result.rounds) {
      for (std::size_t i = 0; i < round.positions.size(); ++i) {
        out += s.issues[run.issue].id + "," + std::to_string(round.round) + "," + actor_id(s, run, i) + "," +
               n(round.positions[i]) + "," + (i < round.risk.size() ? n(round.risk[i]) : "") + "," + n(round.median) +
               "," + n(round.mean) + ",";
        const forecast::Move* move = nullptr;
        for (const auto& m : round.moves) {
          if (m.actor == i) move = &m;
        }
        if (move) {
          out += actor_id(s, run, move->towards) + "," + std::string(kind_name(move->kind)) + "," + n(move->eu_ij) +
                 "," + n(move->eu_ji) + "," + n(move->to);
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
  w.category("issue", s.issues[run.issue].id);
  const std::size_t rounds = w.enter("rounds");
  for (const auto& r : run.result.rounds) {
    const std::size_t item = w.enter(std::to_string(r.round));  // a whole number, as flatten names it
    number("round", r.round);
    number("median", r.median);
    number("mean", r.mean);
    std::size_t at = w.enter("positions");
    for (std::size_t i = 0; i < r.positions.size(); ++i) number(actor_id(s, run, i), r.positions[i]);
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
      number("to", m.to);
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
  number("forecast", run.result.forecast);
}

}  // namespace

void eum_outputs(const Scenario& s, const EumReport& r, std::vector<sweep::Output>& out) {
  sweep::OutputWriter w(out);
  w.category("model", "eum");
  w.category("variant", r.variant);
  w.number("q", core::snap_decimal(r.q));
  if (r.runs.size() == 1) {
    run_outputs(s, r.runs.front(), w);
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
}

namespace {

// Model positions are on [0, 1]; people read them on the issue's own scale.
double on_scale(const Issue& issue, double x) {
  return issue.min + x * (issue.max - issue.min);
}

Node point_node(const Scenario& s, const std::vector<double>& x) {
  Node n = Node::make_mapping();
  for (std::size_t k = 0; k < x.size(); ++k) n.set(s.issues[k].id, num(on_scale(s.issues[k], x[k])));
  return n;
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
  n.set("forecast", point_node(s, r.result.forecast));
  return n;
}

std::string smp_text(const Scenario& s, const SmpReport& r, const Stamp& stamp) {
  std::string out = s.title + "\nspatial model (KTAB default parameters), at " + r.at + "\n";
  if (!r.input.rescaled.empty()) {
    out += "saliences summing above 100 scaled to 100 for:";
    for (const auto& id : r.input.rescaled) out += " " + id;
    out += "\n";
  }
  const auto& ids = r.input.ids;
  for (std::size_t k = 0; k < s.issues.size(); ++k) {
    out += "\n" + s.issues[k].id + "\n";
    std::vector<std::string> header{"turn"};
    header.insert(header.end(), ids.begin(), ids.end());
    Table t(header);
    for (const auto& st : r.result.states) {
      std::vector<std::string> row{std::to_string(st.turn)};
      for (std::size_t i = 0; i < ids.size(); ++i) row.push_back(fmt(on_scale(s.issues[k], st.position[i][k]), 1));
      t.add(row);
    }
    out += t.render();
  }
  out += "\nwinning probabilities\n";
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
         std::to_string(r.result.states.size() - 1) + " turns\nforecast (probability-weighted):";
  for (std::size_t k = 0; k < s.issues.size(); ++k)
    out += " " + s.issues[k].id + " " + fmt(on_scale(s.issues[k], r.result.forecast[k]), 1) + ";";
  out.pop_back();
  out += "\n\nparley " + stamp.version + ", scenario sha256 " + stamp.scenario_sha256.substr(0, 12) + "\n";
  return out;
}

std::string smp_csv(const Scenario& s, const SmpReport& r) {
  std::string out = "turn,actor,issue,position,probability,moved_by\n";
  auto n = [](double x) { return core::format_number(core::snap_decimal(x)); };
  const auto& ids = r.input.ids;
  for (const auto& st : r.result.states) {
    for (std::size_t i = 0; i < ids.size(); ++i) {
      for (std::size_t k = 0; k < s.issues.size(); ++k) {
        out += std::to_string(st.turn) + "," + ids[i] + "," + s.issues[k].id + "," +
               n(on_scale(s.issues[k], st.position[i][k])) + "," + n(st.probability[i]) + "," +
               (i < st.moved_by.size() && st.moved_by[i] ? ids[*st.moved_by[i]] : "") + "\n";
      }
    }
  }
  return out;
}

}  // namespace parley::report
