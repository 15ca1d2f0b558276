// `parley forecast --model eum`: JSON, text and CSV.
#include "report/forecast.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "analysis/issue_stats.hpp"
#include "core/stats.hpp"
#include "core/text.hpp"
#include "report/forecast_parts.hpp"
#include "report/format.hpp"
#include "report/show.hpp"
#include "report/table.hpp"

namespace parley::report {

using doc::Emitter;
using doc::Node;
using parts::check_part;
using parts::check_text;
using parts::fmt;
using parts::nominal_part;
using parts::nominal_rows;
using parts::nominal_text;
using parts::option_name;
using parts::scale;
using parts::seed_entry;

namespace {

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

void end_part(Emitter& e, const Issue& issue, const forecast::EumResult& r) {
  e.begin_mapping("end");
  e.str("state", end_name(r.stop));
  e.flag("settled", r.settled);
  scale(e, "low", issue, r.low);
  scale(e, "high", issue, r.high);
  e.end_mapping();
}

void round_part(Emitter& e, const Scenario& s, const EumRun& run, const forecast::Round& r) {
  const Issue& issue = s.issues[run.issue];
  e.begin_mapping();
  computed(e, "round", r.round);
  scale(e, "median", issue, r.median);
  if (issue.discrete) {
    e.nothing("mean");  // a mean of options names nothing
  } else {
    computed(e, "mean", r.mean);
  }
  e.begin_mapping("positions");
  for (std::size_t i = 0; i < r.positions.size(); ++i) scale(e, actor_id(s, run, i), issue, r.positions[i]);
  e.end_mapping();
  e.begin_mapping("risk");
  for (std::size_t i = 0; i < r.risk.size(); ++i) computed(e, actor_id(s, run, i), r.risk[i]);
  e.end_mapping();
  e.begin_sequence("moves");
  for (const auto& m : r.moves) {
    e.begin_mapping();
    e.str("actor", actor_id(s, run, m.actor));
    e.str("towards", actor_id(s, run, m.towards));
    e.str("kind", kind_name(m.kind));
    computed(e, "eu_ij", m.eu_ij);
    computed(e, "eu_ji", m.eu_ji);
    scale(e, "to", issue, m.to);
    e.end_mapping();
  }
  e.end_sequence();
  e.end_mapping();
}

// One issue's run, as the fields of the mapping open in `e`.
void run_fields(Emitter& e, const Scenario& s, const EumRun& run) {
  const Issue& issue = s.issues[run.issue];
  e.str("issue", issue.id);
  e.begin_sequence("rounds");
  for (const auto& r : run.result.rounds) round_part(e, s, run, r);
  e.end_sequence();
  e.begin_mapping("stop");
  e.str("reason", stop_name(run.result.stop));
  if (run.result.stop == forecast::EumResult::Stop::cycle) {
    computed(e, "period", run.result.period);
    computed(e, "from_round", run.result.cycle_start);
  } else {
    e.nothing("period");
  }
  e.end_mapping();
  end_part(e, issue, run.result);
  // On a discrete issue the forecast is an option, named (and `option` repeats it, as the spatial model's
  // output does), so that a sweep gives each option's share.
  scale(e, "forecast", issue, run.result.forecast);
  if (const auto option = option_name(issue, run.result.forecast)) e.str("option", *option);
}

}  // namespace

std::vector<NominalForecast> nominal_forecasts(const Scenario& s, const std::vector<std::size_t>& issues) {
  std::vector<NominalForecast> out;
  const auto stats = analysis::issue_stats(s);
  for (const std::size_t k : issues) {
    if (!s.issues[k].nominal() || !stats[k].plurality) continue;
    out.push_back({k, stats[k].option_weights, *stats[k].plurality});
  }
  return out;
}

void emit_eum(Emitter& e, const Scenario& s, const EumReport& r, const Stamp& stamp) {
  e.begin_mapping();
  e.key("parley");
  e.built([&] { return stamp_node(stamp); });
  e.str("model", "eum");
  e.str("variant", r.variant);
  computed(e, "q", r.q);
  e.str("at", r.at);
  if (r.runs.size() == 1 && r.nominal.empty()) {
    run_fields(e, s, r.runs.front());
  } else {
    e.begin_sequence("issues");
    for (const auto& run : r.runs) {
      e.begin_mapping();
      run_fields(e, s, run);
      e.end_mapping();
    }
    e.end_sequence();
    // The package: on a discrete issue the option, by name (as each run's own `forecast`), so that a sweep gives
    // each option's share, never a mean of option indices (docs/models.md §7.3).
    e.begin_mapping("forecast");
    for (const auto& run : r.runs) scale(e, s.issues[run.issue].id, s.issues[run.issue], run.result.forecast);
    for (const auto& n : r.nominal) e.str(s.issues[n.issue].id, s.issues[n.issue].options[n.plurality]);
    e.end_mapping();
  }
  if (!r.nominal.empty()) nominal_part(e, s, r.nominal);
  check_part(e, s, r.check);
  e.end_mapping();
}

Node eum_json(const Scenario& s, const EumReport& r, const Stamp& stamp) {
  doc::TreeEmitter tree;
  emit_eum(tree, s, r, stamp);
  return tree.take();
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
  for (const auto& n : r.nominal) out += nominal_text(s, n);
  if (r.runs.size() + r.nominal.size() > 1) {
    // Issue by issue, in the scenario's order.
    std::vector<std::string> parts(s.issues.size());
    for (const auto& n : r.nominal) parts[n.issue] = s.issues[n.issue].options[n.plurality];
    for (const auto& run : r.runs) {
      const Issue& issue = s.issues[run.issue];
      parts[run.issue] = run.result.settled ? value_on(issue, run.result.forecast, 3)
                                            : "not settled (" + value_on(issue, run.result.low, 3) + " to " +
                                                  value_on(issue, run.result.high, 3) + ")";
    }
    out += "\nForecast package:";
    for (std::size_t k = 0; k < parts.size(); ++k)
      if (!parts[k].empty()) out += " " + s.issues[k].id + " " + parts[k] + ";";
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
  // A nominal issue: each actor at its best option at round 0, the plurality option as the median; no model ran.
  for (const auto& nf : r.nominal) {
    const Issue& issue = s.issues[nf.issue];
    for (const auto& row : nominal_rows(s, nf.issue)) {
      out += issue.id + ",0," + row.actor->id + "," + csv_field(row.option) + ",," +
             csv_field(issue.options[nf.plurality]) + ",,,,,,\n";
    }
  }
  return out;
}

namespace {

// Model positions are on [0, 1]; people read them on the issue's own scale.
double on_scale(const Issue& issue, double x) {
  return issue.min + x * (issue.max - issue.min);
}

void point(Emitter& e, std::string_view key, const Scenario& s, const std::vector<double>& x) {
  e.begin_mapping(key);
  // A discrete issue's position by the nearest option's name (the spatial model moves on the options' order).
  // A nominal issue is not bargained over: the model holds no position there.
  for (std::size_t k = 0; k < x.size(); ++k) {
    if (!s.issues[k].nominal()) scale(e, s.issues[k].id, s.issues[k], on_scale(s.issues[k], x[k]));
  }
  e.end_mapping();
}

}  // namespace

std::vector<double> smp_package(const Scenario& s, const SmpReport& report) {
  std::vector<double> out;
  const forecast::SmpResult& r = report.result;
  for (std::size_t k = 0; k < s.issues.size(); ++k) {
    const Issue& issue = s.issues[k];
    if (!issue.discrete) {
      out.push_back(on_scale(issue, r.forecast[k]));
      continue;
    }
    if (issue.nominal()) {
      const auto n = std::find_if(report.nominal.begin(), report.nominal.end(),
                                  [&](const NominalForecast& f) { return f.issue == k; });
      // Nobody weighs it: no forecast (NaN), the issue left open as the expected-utility model leaves it.
      out.push_back(n == report.nominal.end() ? std::numeric_limits<double>::quiet_NaN()
                                              : static_cast<double>(n->plurality));
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

namespace {

void smp_round(Emitter& e, const Scenario& s, const std::vector<std::string>& ids, const forecast::SmpState& st) {
  e.begin_mapping();
  computed(e, "round", st.turn);
  e.begin_mapping("positions");
  for (std::size_t i = 0; i < ids.size(); ++i) point(e, ids[i], s, st.position[i]);
  e.end_mapping();
  if (!st.ideal.empty()) {  // KTAB's ideal accommodation: where each actor's utilities are measured from
    e.begin_mapping("ideals");
    for (std::size_t i = 0; i < ids.size(); ++i) point(e, ids[i], s, st.ideal[i]);
    e.end_mapping();
  }
  e.begin_mapping("probabilities");
  for (std::size_t i = 0; i < ids.size(); ++i) computed(e, ids[i], st.probability[i]);
  e.end_mapping();
  e.begin_mapping("risk");
  for (std::size_t i = 0; i < ids.size() && i < st.risk.size(); ++i) computed(e, ids[i], st.risk[i]);
  e.end_mapping();
  e.begin_sequence("moves");
  for (const auto& c : st.challenges) {
    e.begin_mapping();
    e.str("actor", ids[c.challenger]);
    e.str("towards", ids[c.target]);
    e.str("kind", "bargain");
    computed(e, "gain", c.gain);
    computed(e, "probability", c.probability);
    point(e, "actor_to", s, c.challenger_to);
    point(e, "towards_to", s, c.target_to);
    if (!c.counter_challenger_to.empty()) {  // bargain model initiator-receiver: the target's proposal too
      point(e, "counter_actor_to", s, c.counter_challenger_to);
      point(e, "counter_towards_to", s, c.counter_target_to);
    }
    e.end_mapping();
  }
  e.end_sequence();
  e.begin_mapping("moved_by");
  for (std::size_t i = 0; i < st.moved_by.size(); ++i) {
    if (st.moved_by[i]) e.str(ids[i], ids[*st.moved_by[i]]);
  }
  e.end_mapping();
  e.end_mapping();
}

}  // namespace

void emit_smp(Emitter& e, const Scenario& s, const SmpReport& r, const Stamp& stamp) {
  e.begin_mapping();
  e.key("parley");
  e.built([&] { return stamp_node(stamp); });
  e.str("model", "smp");
  const auto names = forecast::parameter_names(r.options);
  const bool stochastic = r.options.transitions == forecast::Transitions::stochastic;
  e.begin_mapping("parameters");
  for (std::size_t k = 0; k < names.size(); ++k) e.str(std::string(kSmpParameters[k].key), names[k]);
  if (!stochastic) {
    e.nothing("seed");
  } else if (!e.summarising()) {  // a sweep gives each draw its own seed: nothing to summarise
    seed_entry(e, r.options.seed);
  }
  e.end_mapping();
  e.begin_mapping("parameters_from");  // "KTAB default", "scenario" or "option"
  for (std::size_t k = 0; k < names.size(); ++k) e.str(std::string(kSmpParameters[k].key), r.from[k]);
  if (stochastic) e.str("seed", r.from.back());
  e.end_mapping();
  e.str("at", r.at);
  e.begin_sequence("salience_rescaled");
  for (const auto& id : r.input.rescaled) e.string(id);
  e.end_sequence();
  e.begin_sequence("rounds");
  for (const auto& st : r.result.states) smp_round(e, s, r.input.ids, st);
  e.end_sequence();
  e.begin_mapping("stop");
  e.str("reason", r.result.stop == "turns" ? "rounds" : r.result.stop);
  e.nothing("period");
  e.end_mapping();
  e.begin_mapping("end");
  e.str("state", smp_settled(r.result) ? "converged" : "cap");
  e.flag("settled", smp_settled(r.result));
  e.end_mapping();
  // On a discrete issue the forecast is the most probable option, by name, with every option's share.
  const std::vector<double> package = smp_package(s, r);
  e.begin_mapping("forecast");
  for (std::size_t k = 0; k < s.issues.size(); ++k) {
    const Issue& issue = s.issues[k];
    if (issue.nominal() &&
        std::none_of(r.nominal.begin(), r.nominal.end(), [&](const NominalForecast& n) { return n.issue == k; })) {
      e.nothing(issue.id);  // nobody takes a stance with weight on it
    } else if (issue.discrete) {
      e.str(issue.id, issue.options[static_cast<std::size_t>(package[k])]);
    } else {
      computed(e, issue.id, package[k]);
    }
  }
  e.end_mapping();
  e.begin_mapping("option_shares");
  for (std::size_t k = 0; k < s.issues.size(); ++k) {
    const Issue& issue = s.issues[k];
    if (!issue.discrete || issue.nominal()) continue;
    e.begin_mapping(issue.id);
    const auto share = forecast::option_shares(r.result, k, issue.options.size());
    for (std::size_t j = 0; j < share.size(); ++j) computed(e, issue.options[j], share[j]);
    e.end_mapping();
  }
  e.end_mapping();
  if (!r.nominal.empty()) nominal_part(e, s, r.nominal);
  check_part(e, s, r.check);
  e.end_mapping();
}

Node smp_json(const Scenario& s, const SmpReport& r, const Stamp& stamp) {
  doc::TreeEmitter tree;
  emit_smp(tree, s, r, stamp);
  return tree.take();
}

// The heading's model line: "spatial model (KTAB's default parameters), at P", or with other parameters the
// ones that differ from KTAB's defaults and where each was set, and for stochastic transitions the seed.
std::string smp_heading(const SmpReport& r) {
  const auto names = forecast::parameter_names(r.options);
  std::string changed;
  std::size_t count = 0;
  for (std::size_t k = 0; k < names.size(); ++k) {
    if (names[k] == kSmpParameters[k].fallback) continue;
    changed += (changed.empty() ? "" : ", ") + smp_words(k) + " " + names[k] + " (" + r.from[k] + ")";
    ++count;
  }
  // KTAB's ideal accommodation, when the scenario sets it: the ideals drift from the positions.
  const std::string ideals = r.input.accommodation.empty()
                                 ? ""
                                 : "ideals accommodated as the scenario's models: smp: ideals say (KTAB's "
                                   "IdealAdjustment): utilities are measured from them, not from the positions\n";
  if (changed.empty()) return "spatial model (KTAB's default parameters), at " + r.at + "\n" + ideals;
  std::string out = "spatial model, at " + r.at + "\nparameters: " + changed +
                    (count < names.size() ? "; the rest KTAB's defaults" : "") + "\n";
  if (r.options.transitions == forecast::Transitions::stochastic) {
    out += "stochastic transitions, seed " + std::to_string(r.options.seed) +
           (r.from.back() == "default" ? "" : " (" + r.from.back() + ")") +
           ": each actor's bargain is drawn, so another seed draws another path\n";
  }
  return out + ideals;
}

std::string smp_text(const Scenario& s, const SmpReport& r, const Stamp& stamp) {
  std::string out = s.title + "\n" + smp_heading(r);
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
    if (issue.nominal()) continue;  // below, after the model's issues
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
  for (const auto& n : r.nominal) out += nominal_text(s, n);
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
  const std::vector<double> package = smp_package(s, r);
  for (std::size_t k = 0; k < s.issues.size(); ++k) {
    const Issue& issue = s.issues[k];
    if (issue.nominal()) {
      out += " " + issue.id + " " +
             (std::isnan(package[k]) ? std::string("none (nobody weighs it)")
                                     : issue.options[static_cast<std::size_t>(package[k])] + " (plurality)") +
             ";";
      continue;
    }
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
        if (s.issues[k].nominal()) continue;  // not bargained over (the JSON's `nominal` has its shares)
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

void emit_compromise(Emitter& e, const Scenario& s, const CompromiseReport& r, const Stamp& stamp) {
  e.begin_mapping();
  e.key("parley");
  e.built([&] { return stamp_node(stamp); });
  e.str("model", "compromise");
  e.str("variant", r.variant);
  e.str("at", r.at);
  e.begin_sequence("issues");
  for (const auto& c : r.issues) {
    const Issue& issue = s.issues[c.issue];
    e.begin_mapping();
    e.str("issue", issue.id);
    e.begin_mapping("positions");
    for (std::size_t i = 0; i < c.actors.size(); ++i) scale(e, s.actors[c.actors[i]].id, issue, c.position[i]);
    e.end_mapping();
    // Each actor's share of the weight (capability x salience) on the issue.
    double total = 0;
    for (const double w : c.weight) total += w;
    e.begin_mapping("shares");
    for (std::size_t i = 0; i < c.actors.size(); ++i) computed(e, s.actors[c.actors[i]].id, c.weight[i] / total);
    e.end_mapping();
    if (c.mean) {
      computed(e, "mean", *c.mean);
    } else {
      e.nothing("mean");
    }
    scale(e, "median", issue, c.median);
    scale(e, "forecast", issue, c.forecast);
    e.end_mapping();
  }
  e.end_sequence();
  // The package, issue by issue in the scenario's order: an option by name on a discrete issue.
  e.begin_mapping("forecast");
  for (std::size_t k = 0; k < s.issues.size(); ++k) {
    for (const auto& c : r.issues)
      if (c.issue == k) scale(e, s.issues[k].id, s.issues[k], c.forecast);
    for (const auto& n : r.nominal)
      if (n.issue == k) e.str(s.issues[k].id, s.issues[k].options[n.plurality]);
  }
  e.end_mapping();
  if (!r.nominal.empty()) nominal_part(e, s, r.nominal);
  check_part(e, s, r.check);
  e.end_mapping();
}

Node compromise_json(const Scenario& s, const CompromiseReport& r, const Stamp& stamp) {
  doc::TreeEmitter tree;
  emit_compromise(tree, s, r, stamp);
  return tree.take();
}

std::string compromise_text(const Scenario& s, const CompromiseReport& r, const Stamp& stamp) {
  std::string out = s.title + "\ncompromise model (" +
                    (r.variant == "mean" ? std::string("capability x salience weighted mean of the positions")
                                         : std::string("capability x salience weighted median of the positions")) +
                    "; Achen 2006), at " + r.at + "\n";
  std::vector<std::string> parts(s.issues.size());
  for (const auto& c : r.issues) {
    const Issue& issue = s.issues[c.issue];
    out += "\n" + issue.id + (issue.name.empty() || issue.name == issue.id ? "" : " (" + issue.name + ")") + "\n";
    double total = 0;
    for (const double w : c.weight) total += w;
    Table t({"actor", "position", "weight (capability x salience)", "share"});
    for (std::size_t i = 0; i < c.actors.size(); ++i) {
      t.add({s.actors[c.actors[i]].id, value_on(issue, c.position[i], 3), fmt(c.weight[i], 2),
             rounded(100 * c.weight[i] / total, 1) + "%"});
    }
    out += t.render();
    out += "  weighted mean " + (c.mean ? fmt(*c.mean) : std::string("- (options are not spaced)")) +
           "; weighted median " + value_on(issue, c.median, 3) + "\n";
    out += "  forecast: " + value_on(issue, c.forecast, 3) +
           (issue.discrete && r.variant == "mean" ? " (the median: a mean of option indices names nothing)" : "") +
           "\n";
    parts[c.issue] = value_on(issue, c.forecast, 3);
  }
  for (const auto& n : r.nominal) {
    out += nominal_text(s, n);
    parts[n.issue] = s.issues[n.issue].options[n.plurality];
  }
  out += "\nForecast package:";
  for (std::size_t k = 0; k < parts.size(); ++k)
    if (!parts[k].empty()) out += " " + s.issues[k].id + " " + parts[k] + ";";
  out.pop_back();
  out += "\n";
  out += check_text(s, r.check, "");
  out += "\nparley " + stamp.version + ", scenario sha256 " + stamp.scenario_sha256.substr(0, 12) + "\n";
  return out;
}

std::string compromise_csv(const Scenario& s, const CompromiseReport& r) {
  // One row per issue and actor: its position and share of the weight, then the issue's mean, median and forecast.
  std::string out = "issue,actor,position,share,mean,median,forecast\n";
  auto n = [](double x) { return core::format_number(core::snap_decimal(x)); };
  for (const auto& c : r.issues) {
    const Issue& issue = s.issues[c.issue];
    const auto v = [&](double x) {
      const auto option = option_name(issue, x);
      return option ? csv_field(*option) : n(x);
    };
    double total = 0;
    for (const double w : c.weight) total += w;
    for (std::size_t i = 0; i < c.actors.size(); ++i) {
      out += issue.id + "," + s.actors[c.actors[i]].id + "," + v(c.position[i]) + "," + n(c.weight[i] / total) + "," +
             (c.mean ? n(*c.mean) : "") + "," + v(c.median) + "," + v(c.forecast) + "\n";
    }
  }
  // A nominal issue: each actor at its best option with its share of the weight, the plurality option as the
  // forecast; no mean or median.
  for (const auto& nf : r.nominal) {
    const Issue& issue = s.issues[nf.issue];
    for (const auto& row : nominal_rows(s, nf.issue)) {
      out += issue.id + "," + row.actor->id + "," + csv_field(row.option) + "," + n(row.share) + ",,," +
             csv_field(issue.options[nf.plurality]) + "\n";
    }
  }
  return out;
}

}  // namespace parley::report
