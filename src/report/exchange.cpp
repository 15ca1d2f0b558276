// `parley forecast --model exchange`: JSON, text and CSV.
#include <cmath>
#include <limits>

#include "core/text.hpp"
#include "report/forecast.hpp"
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

// Text lists at most this many exchanges a round; JSON and CSV list them all.
constexpr std::size_t kListed = 20;

const Issue& issue_of(const Scenario& s, const ExchangeReport& r, std::size_t k) {
  return s.issues[r.model.issues[k]];
}

const std::string& actor_of(const Scenario& s, const ExchangeReport& r, std::size_t a) {
  return s.actors[r.model.actors[a]].id;
}

double on(const Scenario& s, const ExchangeReport& r, std::size_t k, double x) {
  return r.model.on_scale(s, k, x);
}

// The outcome on model issue k before round 1 and after each round.
std::vector<double> path_of(const ExchangeReport& r, std::size_t k) {
  std::vector<double> path;
  if (r.result.rounds.empty()) return path;
  path.push_back(r.result.rounds.front().start_outcome[k]);
  for (const auto& round : r.result.rounds) path.push_back(round.outcome[k]);
  return path;
}

void side_part(Emitter& e, std::string_view key, const Scenario& s, const ExchangeReport& r,
               const forecast::ExchangeSide& side) {
  e.begin_mapping(key);
  e.str("actor", actor_of(s, r, side.actor));
  e.str("moves_on", issue_of(s, r, side.supply).id);
  e.str("gains_on", issue_of(s, r, side.demand).id);
  computed(e, "from", on(s, r, side.supply, side.from));
  computed(e, "to", on(s, r, side.supply, side.to));
  computed(e, "gain", side.gain);
  e.end_mapping();
}

std::string end_sentence(const Scenario& s, const ExchangeReport& r) {
  const std::size_t n = r.result.rounds.size();
  if (r.result.converged) {
    return n == 1 ? "settled: no exchange is possible at the start"
                  : "settled: no exchange is possible after round " + std::to_string(n - 1);
  }
  std::string out = r.randomness > 0 ? "NOT SETTLED: each round draws anew, so the model runs all " +
                                           std::to_string(n) + " rounds (sweep it for the spread over draws)"
                                     : "NOT SETTLED: actors were still trading when the cap of " + std::to_string(n) +
                                           " rounds stopped the model";
  // The range behind each number: the outcomes of the later half of the rounds.
  out += "; rounds " + std::to_string(n / 2 + 1) + " to " + std::to_string(n) + " span";
  for (std::size_t k = 0; k < r.model.issues.size(); ++k) {
    const auto [low, high] = exchange_range(s, r, k);
    out += (k == 0 ? " " : ", ") + issue_of(s, r, k).id + " " + fmt(low, 2) + " to " + fmt(high, 2);
  }
  return out;
}

std::string side_text(const Scenario& s, const ExchangeReport& r, const forecast::ExchangeSide& side) {
  const Issue& issue = issue_of(s, r, side.supply);
  return actor_of(s, r, side.actor) + " moves on " + issue.id + " " +
         value_on(issue, on(s, r, side.supply, side.from), 2) + " -> " +
         value_on(issue, on(s, r, side.supply, side.to), 2);
}

}  // namespace

std::vector<double> exchange_package(const Scenario& s, const ExchangeReport& r) {
  std::vector<double> out(s.issues.size(), std::numeric_limits<double>::quiet_NaN());
  if (r.result.rounds.empty()) return out;
  const auto& last = r.result.rounds.back();
  for (std::size_t k = 0; k < r.model.issues.size(); ++k) out[r.model.issues[k]] = on(s, r, k, last.outcome[k]);
  for (const auto& n : r.nominal) out[n.issue] = static_cast<double>(n.plurality);
  return out;
}

void emit_exchange(Emitter& e, const Scenario& s, const ExchangeReport& r, const Stamp& stamp) {
  e.begin_mapping();
  e.key("parley");
  e.built([&] { return stamp_node(stamp); });
  e.str("model", "exchange");
  e.str("variant", r.variant);
  if (r.variant == "randomized") {
    computed(e, "randomness", r.randomness);
    if (!e.summarising()) seed_entry(e, r.seed);  // each draw's own: nothing to summarise
  }
  e.str("at", r.at);
  e.begin_mapping("end");
  e.str("state", r.result.converged ? "converged" : "cap");
  e.flag("settled", r.result.converged);
  computed(e, "rounds", static_cast<double>(r.result.rounds.size()));
  e.end_mapping();
  e.begin_sequence("issues");
  for (std::size_t k = 0; k < r.model.issues.size(); ++k) {
    const Issue& issue = issue_of(s, r, k);
    const auto path = path_of(r, k);
    e.begin_mapping();
    e.str("issue", issue.id);
    computed(e, "start", on(s, r, k, path.front()));
    scale(e, "forecast", issue, on(s, r, k, path.back()));
    computed(e, "outcome", on(s, r, k, path.back()));
    computed(e, "shift", on(s, r, k, path.back()) - on(s, r, k, path.front()));
    // The range behind an unsettled outcome (the outcomes of the later half of the rounds); the path round by
    // round is each round's `outcome`.
    const auto [low, high] = exchange_range(s, r, k);
    computed(e, "low", low);
    computed(e, "high", high);
    e.end_mapping();
  }
  e.end_sequence();
  // A sweep summarises each issue's outcome and range; the rounds (whose k-th exchange is another exchange in each
  // draw) are for reading one run.
  if (!e.summarising()) {
    e.begin_sequence("rounds");
    for (std::size_t n = 0; n < r.result.rounds.size(); ++n) {
      const auto& round = r.result.rounds[n];
      e.begin_mapping();
      computed(e, "round", static_cast<double>(n + 1));
      computed(e, "candidates", static_cast<double>(round.candidates));
      e.begin_sequence("exchanges");
      for (const auto& x : round.exchanges) {
        e.begin_mapping();
        computed(e, "gain", x.gain);
        side_part(e, "i", s, r, x.i);
        side_part(e, "j", s, r, x.j);
        e.end_mapping();
      }
      e.end_sequence();
      e.begin_mapping("outcome");
      for (std::size_t k = 0; k < r.model.issues.size(); ++k)
        computed(e, issue_of(s, r, k).id, on(s, r, k, round.outcome[k]));
      e.end_mapping();
      // Every actor's voting position after the round's exchanges, on each issue it takes a stance on.
      e.begin_mapping("positions");
      for (std::size_t a = 0; a < r.model.actors.size(); ++a) {
        e.begin_mapping(actor_of(s, r, a));
        for (std::size_t k = 0; k < r.model.issues.size(); ++k) {
          const double x = round.voting[k * r.model.actors.size() + a];
          if (!std::isnan(x)) computed(e, issue_of(s, r, k).id, on(s, r, k, x));
        }
        e.end_mapping();
      }
      e.end_mapping();
      e.end_mapping();
    }
    e.end_sequence();
  }
  const auto package = exchange_package(s, r);
  e.begin_mapping("forecast");
  for (std::size_t k = 0; k < s.issues.size(); ++k) {
    if (std::isnan(package[k])) continue;
    if (s.issues[k].nominal()) {
      e.str(s.issues[k].id, s.issues[k].options[static_cast<std::size_t>(package[k])]);
    } else {
      scale(e, s.issues[k].id, s.issues[k], package[k]);
    }
  }
  e.end_mapping();
  if (!r.nominal.empty()) nominal_part(e, s, r.nominal);
  check_part(e, s, r.check);
  e.end_mapping();
}

Node exchange_json(const Scenario& s, const ExchangeReport& r, const Stamp& stamp) {
  doc::TreeEmitter tree;
  emit_exchange(tree, s, r, stamp);
  return tree.take();
}

std::string exchange_text(const Scenario& s, const ExchangeReport& r, const Stamp& stamp) {
  std::string out = s.title + "\nexchange model (Stokman & Van Oosten 1994; " +
                    (r.variant == "randomized"
                         ? "randomized Equal Gain, randomness " + fmt(r.randomness) + ", seed " + std::to_string(r.seed)
                         : std::string("Equal Gain")) +
                    ", as Decide runs it), at " + r.at + "\n";
  out +=
      "Actors trade voting positions: each moves on the issue it cares less about toward the other's position, so "
      "that the outcome (the capability x salience weighted mean of the voting positions) moves its way on the "
      "issue it cares more about.\n";
  const std::size_t rounds = r.result.rounds.size();
  if (!r.model.issues.empty()) {
    out +=
        "\nOutcome on each issue (the weighted mean of the voting positions), before round 1 and after each "
        "round:\n";
    std::vector<std::string> header = {"issue", "start"};
    for (std::size_t n = 1; n <= rounds; ++n) header.push_back("r" + std::to_string(n));
    header.emplace_back("shift");
    Table t(header);
    for (std::size_t k = 0; k < r.model.issues.size(); ++k) {
      const Issue& issue = issue_of(s, r, k);
      const auto path = path_of(r, k);
      std::vector<std::string> row = {issue.id};
      for (const double x : path) row.push_back(fmt(on(s, r, k, x), 2));
      row.push_back((path.back() >= path.front() ? "+" : "") +
                    fmt(on(s, r, k, path.back()) - on(s, r, k, path.front()), 2));
      t.add(row);
    }
    out += t.render();
    out += "  " + end_sentence(s, r) + "\n";
    if (r.model.issues.size() < 2) out += "  (one issue: there is nothing to trade it against)\n";
  }
  for (std::size_t n = 0; n < rounds; ++n) {
    const auto& round = r.result.rounds[n];
    if (round.exchanges.empty()) continue;
    out += "\nRound " + std::to_string(n + 1) + ": " + std::to_string(round.exchanges.size()) + " exchange" +
           (round.exchanges.size() == 1 ? "" : "s") + " made of " + std::to_string(round.candidates) +
           " possible, in the order made (highest gain first):\n";
    for (std::size_t x = 0; x < round.exchanges.size() && x < kListed; ++x) {
      const auto& ex = round.exchanges[x];
      out += "  " + std::to_string(x + 1) + ". " + side_text(s, r, ex.i) + ", " + side_text(s, r, ex.j) + "; gain " +
             fmt(ex.gain) +
             (r.variant == "randomized" ? " (drawn: " + fmt(ex.i.gain) + " / " + fmt(ex.j.gain) + ")"
                                        : std::string(" each")) +
             "\n";
    }
    if (round.exchanges.size() > kListed)
      out += "  ... and " + std::to_string(round.exchanges.size() - kListed) + " more (JSON and CSV list them all)\n";
  }
  if (rounds > 0 && !r.model.issues.empty()) {
    // Where each actor stands after the last round, against where it started.
    const auto& first = r.result.rounds.front();
    const auto& last = r.result.rounds.back();
    out += "\nVoting positions after the last round (start -> end; = where the actor never traded):\n";
    std::vector<std::string> header = {"actor"};
    for (std::size_t k = 0; k < r.model.issues.size(); ++k) header.push_back(issue_of(s, r, k).id);
    Table t(header);
    const std::size_t na = r.model.actors.size();
    for (std::size_t a = 0; a < na; ++a) {
      std::vector<std::string> row = {actor_of(s, r, a)};
      for (std::size_t k = 0; k < r.model.issues.size(); ++k) {
        const double x0 = first.start[k * na + a], x1 = last.voting[k * na + a];
        if (std::isnan(x0)) {
          row.emplace_back("-");
        } else if (std::fabs(x1 - x0) < 1e-9) {
          row.push_back(fmt(on(s, r, k, x0), 2) + " =");
        } else {
          row.push_back(fmt(on(s, r, k, x0), 2) + " -> " + fmt(on(s, r, k, x1), 2));
        }
      }
      t.add(row);
    }
    out += t.render();
  }
  std::vector<std::string> parts(s.issues.size());
  for (std::size_t k = 0; k < r.model.issues.size(); ++k) {
    const Issue& issue = issue_of(s, r, k);
    const double x = on(s, r, k, r.result.rounds.back().outcome[k]);
    const auto option = option_name(issue, x);
    parts[r.model.issues[k]] = option ? *option + " (" + fmt(x, 2) + " on the options' order)" : fmt(x, 2);
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
  out += check_text(s, r.check, r.result.converged ? "" : "every issue", "the last round's outcome");
  out += "\nparley " + stamp.version + ", scenario sha256 " + stamp.scenario_sha256.substr(0, 12) + "\n";
  return out;
}

std::string exchange_csv(const Scenario& s, const ExchangeReport& r) {
  // One table: per round, each issue's outcome (kind outcome), each actor's position on each issue (kind
  // position: start of the round and voting position after it), and each side of each exchange made (kind
  // exchange: the actor's move on its supply issue, its partner and the partner's supply issue, its gain); a
  // nominal issue's actors at their best options, the plurality option and their shares of the weight.
  std::string out = "round,kind,exchange,actor,issue,start,end,partner,partner_issue,gain,share\n";
  auto n = [](double x) { return core::format_number(core::snap_decimal(x)); };
  const std::size_t na = r.model.actors.size();
  for (std::size_t round = 0; round < r.result.rounds.size(); ++round) {
    const auto& rd = r.result.rounds[round];
    const std::string prefix = std::to_string(round + 1) + ",";
    for (std::size_t k = 0; k < r.model.issues.size(); ++k) {
      out += prefix + "outcome,,," + issue_of(s, r, k).id + "," + n(on(s, r, k, rd.start_outcome[k])) + "," +
             n(on(s, r, k, rd.outcome[k])) + ",,,,\n";
    }
    for (std::size_t a = 0; a < na; ++a) {
      for (std::size_t k = 0; k < r.model.issues.size(); ++k) {
        const double x0 = rd.start[k * na + a];
        if (std::isnan(x0)) continue;
        out += prefix + "position,," + actor_of(s, r, a) + "," + issue_of(s, r, k).id + "," + n(on(s, r, k, x0)) + "," +
               n(on(s, r, k, rd.voting[k * na + a])) + ",,,,\n";
      }
    }
    for (std::size_t x = 0; x < rd.exchanges.size(); ++x) {
      const auto& ex = rd.exchanges[x];
      for (const auto& [side, other] : {std::pair{&ex.i, &ex.j}, std::pair{&ex.j, &ex.i}}) {
        out += prefix + "exchange," + std::to_string(x + 1) + "," + actor_of(s, r, side->actor) + "," +
               issue_of(s, r, side->supply).id + "," + n(on(s, r, side->supply, side->from)) + "," +
               n(on(s, r, side->supply, side->to)) + "," + actor_of(s, r, other->actor) + "," +
               issue_of(s, r, other->supply).id + "," + n(side->gain) + ",\n";
      }
    }
  }
  for (const auto& nf : r.nominal) {
    const Issue& issue = s.issues[nf.issue];
    for (const auto& row : nominal_rows(s, nf.issue)) {
      out += ",nominal,," + row.actor->id + "," + issue.id + "," + csv_field(row.option) + "," +
             csv_field(issue.options[nf.plurality]) + ",,,," + n(row.share) + "\n";
    }
  }
  return out;
}

}  // namespace parley::report
