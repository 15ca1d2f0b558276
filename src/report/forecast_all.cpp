// `parley forecast --model all`: every model on the scenario, issue by issue, and where they part (docs/models.md
// §11). JSON, text and CSV.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "core/text.hpp"
#include "report/forecast.hpp"
#include "report/forecast_parts.hpp"
#include "report/format.hpp"
#include "report/show.hpp"
#include "report/table.hpp"

namespace parley::report {

using doc::Emitter;
using doc::Node;
using parts::nominal_part;
using parts::nominal_text;
using parts::option_name;
using parts::scale;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Forecasts closer than this share of the issue's scale agree (docs/models.md §11).
constexpr double kAgree = 0.05;

std::string eum_state(const forecast::EumResult& r) {
  switch (r.stop) {
    case forecast::EumResult::Stop::converged:
      return "converged";
    case forecast::EumResult::Stop::cycle:
      return r.settled ? "cycle, one median" : "cycle";
    case forecast::EumResult::Stop::rounds:
      return "cap";
    case forecast::EumResult::Stop::cancelled:
      return "cancelled";
  }
  return "cap";
}

AllReport::Model blank(const Scenario& s, std::string id, std::string label) {
  AllReport::Model m;
  m.id = std::move(id);
  m.label = std::move(label);
  m.forecast.assign(s.issues.size(), kNaN);
  m.low = m.high = m.forecast;
  m.state.assign(s.issues.size(), "");
  return m;
}

AllReport::Model eum_model(const Scenario& s, const EumReport& r, std::string id, std::string label) {
  AllReport::Model m = blank(s, std::move(id), std::move(label));
  for (const auto& run : r.runs) {
    m.forecast[run.issue] = run.result.forecast;
    m.low[run.issue] = run.result.low;
    m.high[run.issue] = run.result.high;
    m.state[run.issue] = eum_state(run.result);
  }
  return m;
}

double span_of(const Issue& issue) {
  return issue.discrete ? static_cast<double>(issue.options.size() > 1 ? issue.options.size() - 1 : 1)
                        : (issue.range() > 0 ? issue.range() : 1.0);
}

// A value for people: a number on a continuous issue; on a discrete one the option, with the position between
// options when the model's value falls between them.
std::string shown(const Issue& issue, double x) {
  if (!issue.discrete) return rounded(x, 2);
  const auto option = option_name(issue, x);
  if (std::fabs(x - std::round(x)) < 1e-9) return *option;
  return *option + " (" + rounded(x, 2) + ")";
}

// A distance on an issue's scale: options apart on a discrete issue.
std::string distance(const Issue& issue, double d) {
  if (!issue.discrete) return rounded(d, 2);
  return rounded(d, 2) + (std::fabs(d - 1) < 1e-9 ? " option" : " options");
}

[[nodiscard]] bool is_settled(const std::string& state) {
  return state == "converged" || state == "one step" || state == "cycle, one median";
}

// The heaviest actor (capability x salience) whose position on issue k lies beyond `from` in the direction of
// `to`: who a shift from `from` to `to` moves the outcome toward.
const Actor* toward(const Scenario& s, std::size_t k, double from, double to) {
  const Actor* best = nullptr;
  double weight = 0;
  for (const auto& a : s.actors) {
    const Stance* st = a.stance_on(k);
    if (st == nullptr || st->flat()) continue;
    const double x = st->position.central();
    if ((to - from) * (x - from) <= 0) continue;
    const double w = a.capability.central() * st->salience.central();
    if (w > weight) {
      weight = w;
      best = &a;
    }
  }
  return best;
}

// The issues the exchange model traded issue k against: for each exchange that moved a position on k, the issue
// its mover gained on, with how many such exchanges.
std::string traded_against(const Scenario& s, const ExchangeReport& x, std::size_t k) {
  std::map<std::size_t, std::size_t> count;
  std::size_t total = 0;
  for (const auto& round : x.result.rounds) {
    for (const auto& made : round.exchanges) {
      for (const auto* side : {&made.i, &made.j}) {
        if (x.model.issues[side->supply] != k) continue;
        ++count[x.model.issues[side->demand]];
        ++total;
      }
    }
  }
  if (total == 0) return "";
  std::vector<std::pair<std::size_t, std::size_t>> order(count.begin(), count.end());
  std::stable_sort(order.begin(), order.end(), [](const auto& l, const auto& r) { return l.second > r.second; });
  std::string out;
  for (std::size_t n = 0; n < order.size(); ++n) {
    out += (n == 0                  ? ""
            : n + 1 == order.size() ? " and "
                                    : ", ") +
           s.issues[order[n].first].id + " (" + std::to_string(order[n].second) + ")";
  }
  return " by trades that moved positions on it " + std::to_string(total) + " times, against " + out;
}

std::string mechanism(const std::string& id) {
  if (id == "exchange") return "the parties trade concessions across issues";
  if (id == "smp") return "coalitions form around the strongest actors, as in KTAB's spatial model";
  return "the parties press their cases issue by issue, as in the expected-utility model";
}

}  // namespace

std::pair<double, double> exchange_range(const Scenario& s, const ExchangeReport& r, std::size_t k) {
  const auto& rounds = r.result.rounds;
  const double last = rounds.back().outcome[k];
  if (r.result.converged) return {r.model.on_scale(s, k, last), r.model.on_scale(s, k, last)};
  double low = last, high = last;
  for (std::size_t n = rounds.size() / 2; n < rounds.size(); ++n) {
    low = std::min(low, rounds[n].outcome[k]);
    high = std::max(high, rounds[n].outcome[k]);
  }
  return {r.model.on_scale(s, k, low), r.model.on_scale(s, k, high)};
}

AllReport all_report(const Scenario& s, const EumReport* scholz, const EumReport* bdm, const SmpReport* smp,
                     const CompromiseReport* mean, const CompromiseReport* median, const ExchangeReport* exchange) {
  AllReport out;
  for (const auto* c : {mean, median}) {
    if (c != nullptr && out.nominal.empty()) out.nominal = c->nominal;
  }
  out.models.push_back(scholz != nullptr ? eum_model(s, *scholz, "eum-scholz", "expected-utility model (Scholz)")
                                         : blank(s, "eum-scholz", "expected-utility model (Scholz)"));
  out.models.push_back(bdm != nullptr ? eum_model(s, *bdm, "eum-bdm", "expected-utility model (BDM)")
                                      : blank(s, "eum-bdm", "expected-utility model (BDM)"));
  {
    // Its parameters, where they are not KTAB's defaults, name the column: a reader comparing models must know
    // which spatial model stands beside the others (and that a stochastic one is one drawn path).
    std::vector<std::string> changed;
    if (smp != nullptr) {
      const auto names = forecast::parameter_names(smp->options);
      for (std::size_t k = 0; k < names.size(); ++k) {
        if (names[k] == kSmpParameters[k].fallback) continue;
        changed.push_back(k == kSmpTransitions ? names[k] + " transitions, seed " + std::to_string(smp->options.seed)
                                               : smp_words(k) + " " + names[k]);
      }
      if (!smp->input.accommodation.empty()) changed.emplace_back("ideals accommodated");
    }
    std::string label = "spatial model (KTAB)";
    if (changed.size() == 1) label = "spatial model (KTAB, " + changed[0] + ")";
    if (changed.size() > 1) label = "spatial model (KTAB, " + std::to_string(changed.size()) + " settings changed)";
    for (const auto& c : changed) out.smp_settings += (out.smp_settings.empty() ? "" : ", ") + c;
    AllReport::Model m = blank(s, "smp", label);
    if (smp != nullptr) {
      const auto package = smp_package(s, *smp);
      for (std::size_t k = 0; k < s.issues.size(); ++k) {
        if (s.issues[k].nominal() || std::isnan(package[k])) continue;
        m.forecast[k] = m.low[k] = m.high[k] = package[k];
        // KTAB's model keeps no range behind a forecast stopped by its turn cap.
        m.state[k] = smp->result.stop == "converged" ? "converged" : "turn cap";
      }
    }
    out.models.push_back(std::move(m));
  }
  for (const auto* c : {mean, median}) {
    AllReport::Model m = blank(s, c == mean ? "compromise" : "compromise-median",
                               c == mean ? "compromise model (mean)" : "compromise model (median)");
    if (c != nullptr) {
      for (const auto& issue : c->issues) {
        m.forecast[issue.issue] = m.low[issue.issue] = m.high[issue.issue] = issue.forecast;
        m.state[issue.issue] = "one step";
      }
    }
    out.models.push_back(std::move(m));
  }
  {
    AllReport::Model m = blank(s, "exchange", "exchange model (Equal Gain)");
    if (exchange != nullptr) {
      for (std::size_t k = 0; k < exchange->model.issues.size(); ++k) {
        const std::size_t issue = exchange->model.issues[k];
        m.forecast[issue] = exchange->model.on_scale(s, k, exchange->result.rounds.back().outcome[k]);
        std::tie(m.low[issue], m.high[issue]) = exchange_range(s, *exchange, k);
        m.state[issue] = exchange->result.converged ? "converged" : "cap";
      }
    }
    out.models.push_back(std::move(m));
  }
  const std::size_t compromise = 3;
  for (std::size_t k = 0; k < s.issues.size(); ++k) {
    const Issue& issue = s.issues[k];
    if (issue.nominal()) continue;
    AllReport::Reading reading;
    reading.issue = k;
    bool any = false;
    double low_end = 0, high_end = 0;  // the unsettled models' ranges included
    for (std::size_t m = 0; m < out.models.size(); ++m) {
      const double x = out.models[m].forecast[k];
      if (std::isnan(x)) continue;
      if (!any || x < out.models[reading.lowest].forecast[k]) reading.lowest = m;
      if (!any || x > out.models[reading.highest].forecast[k]) reading.highest = m;
      low_end = any ? std::min(low_end, out.models[m].low[k]) : out.models[m].low[k];
      high_end = any ? std::max(high_end, out.models[m].high[k]) : out.models[m].high[k];
      any = true;
    }
    if (!any) continue;
    const double lo = out.models[reading.lowest].forecast[k], hi = out.models[reading.highest].forecast[k];
    reading.spread = hi - lo;
    const double span = span_of(issue);
    const double share = reading.spread / span;
    auto& say = reading.sentences;
    double weight = 0;
    for (const auto& a : s.actors) {
      const Stance* st = a.stance_on(k);
      if (st != nullptr && !st->flat()) weight += a.capability.central() * st->salience.central();
    }
    if (!(weight > 0)) {
      say.push_back(
          "No actor weighs this issue (every capability x salience on it is 0): no model's number "
          "says anything about where it ends.");
      out.readings.push_back(std::move(reading));
      continue;
    }
    // On a discrete issue "higher" is further along the options' list.
    const std::string up = issue.discrete ? " later in the options' order" : " higher";
    const std::string down = issue.discrete ? " earlier in the options' order" : " lower";
    if (reading.lowest == reading.highest || (high_end - low_end) / span < kAgree) {
      const std::string where = shown(issue, lo) == shown(issue, hi) ? "every model: " + shown(issue, lo)
                                                                     : shown(issue, lo) + " to " + shown(issue, hi);
      say.push_back("The models agree within " + rounded(100 * kAgree, 0) + "% of the scale (" + where +
                    "): whatever the bargaining, the outcome lands here.");
    } else {
      say.push_back("The models span " + shown(issue, lo) + " (" + out.models[reading.lowest].label + ") to " +
                    shown(issue, hi) + " (" + out.models[reading.highest].label +
                    "): " + distance(issue, reading.spread) + " apart, " + rounded(100 * share, 0) + "% of the scale.");
      const double c = out.models[compromise].forecast[k];
      std::size_t farthest = compromise;
      for (std::size_t m = 0; m < out.models.size(); ++m) {
        const auto& model = out.models[m];
        if (model.id == "compromise" || model.id == "compromise-median" || model.id == "eum-bdm") continue;
        const double x = model.forecast[k];
        if (std::isnan(x) || std::isnan(c) || std::fabs(x - c) / span < kAgree) continue;
        if (farthest == compromise || std::fabs(x - c) > std::fabs(out.models[farthest].forecast[k] - c)) farthest = m;
        std::string sentence = "The " + model.label + " puts it " + distance(issue, std::fabs(x - c)) +
                               (x > c ? up : down) + " than the compromise model (" + shown(issue, c) + ")";
        if (const Actor* a = toward(s, k, c, x))
          sentence += ", toward " + a->id + " (at " + shown(issue, a->stance_on(k)->position.central()) + ")";
        if (model.id == "exchange" && exchange != nullptr) sentence += traded_against(s, *exchange, k);
        say.push_back(sentence + ".");
      }
      if (farthest == compromise && !std::isnan(c)) {
        say.push_back("No bargaining model stands " + rounded(100 * kAgree, 0) +
                      "% of the scale or more from the compromise model; the spread is among the others.");
      }
      for (const auto& model : out.models) {
        if (std::isnan(model.forecast[k]) || is_settled(model.state[k])) continue;
        if (model.state[k] == "turn cap") {
          say.push_back("The " + model.label + " stopped at its turn cap without converging: its " +
                        shown(issue, model.forecast[k]) + " is where it stood then, not a settled forecast.");
        } else if (std::fabs(model.high[k] - model.low[k]) < 1e-9) {
          say.push_back("The " + model.label + " was still moving when its cap stopped it (" + model.state[k] +
                        "), though its later rounds all gave " + shown(issue, model.forecast[k]) + ".");
        } else {
          say.push_back("The " + model.label + " did not settle (" + model.state[k] + "): its " +
                        shown(issue, model.forecast[k]) + " stands for the range " + shown(issue, model.low[k]) +
                        " to " + shown(issue, model.high[k]) + ".");
        }
      }
      if (farthest != compromise) {
        const auto& far = out.models[farthest];
        const std::string there = is_settled(far.state[k])
                                      ? shown(issue, far.forecast[k])
                                      : "somewhere in " + shown(issue, far.low[k]) + " to " + shown(issue, far.high[k]);
        say.push_back("For a mediator: the compromise model is the baseline that the EU studies find hard to beat; " +
                      shown(issue, c) + " asks nobody to out-bargain anyone, while " + there +
                      " is where the talks end if " + mechanism(far.id) + ".");
      }
    }
    out.readings.push_back(std::move(reading));
  }
  return out;
}

void emit_all(Emitter& e, const Scenario& s, const AllReport& r, const Stamp& stamp) {
  e.begin_mapping();
  e.key("parley");
  e.built([&] { return stamp_node(stamp); });
  e.str("model", "all");
  e.str("at", r.at);
  e.begin_sequence("models");
  for (const auto& m : r.models) {
    e.begin_mapping();
    e.str("id", m.id);
    e.str("label", m.label);
    e.end_mapping();
  }
  e.end_sequence();
  e.begin_sequence("issues");
  for (const auto& reading : r.readings) {
    const Issue& issue = s.issues[reading.issue];
    e.begin_mapping();
    e.str("issue", issue.id);
    e.begin_mapping("forecasts");
    for (const auto& m : r.models) {
      const double x = m.forecast[reading.issue];
      if (std::isnan(x)) continue;
      e.begin_mapping(m.id);
      scale(e, "forecast", issue, x);
      computed(e, "value", x);
      e.str("state", m.state[reading.issue]);
      e.flag("settled", is_settled(m.state[reading.issue]));
      computed(e, "low", m.low[reading.issue]);
      computed(e, "high", m.high[reading.issue]);
      e.end_mapping();
    }
    e.end_mapping();
    computed(e, "spread", reading.spread);
    computed(e, "spread_share", reading.spread / span_of(issue));
    e.str("lowest", r.models[reading.lowest].id);
    e.str("highest", r.models[reading.highest].id);
    // Under `note`, which a sweep leaves out: sentences are for people, not for distributions.
    e.begin_sequence("note");
    for (const auto& sentence : reading.sentences) e.string(sentence);
    e.end_sequence();
    e.end_mapping();
  }
  e.end_sequence();
  if (!r.nominal.empty()) nominal_part(e, s, r.nominal);
  e.begin_sequence("skipped");
  for (const auto& why : r.skipped) e.string(why);
  e.end_sequence();
  if (r.smp_settings.empty()) {
    if (!e.summarising()) e.nothing("smp_settings");  // a sweep's draws all run one model: nothing to summarise
  } else if (!e.summarising()) {
    e.str("smp_settings", r.smp_settings);
  }
  e.end_mapping();
}

Node all_json(const Scenario& s, const AllReport& r, const Stamp& stamp) {
  doc::TreeEmitter tree;
  emit_all(tree, s, r, stamp);
  return tree.take();
}

std::string all_text(const Scenario& s, const AllReport& r, const Stamp& stamp) {
  std::string out = s.title + "\nevery forecasting model, at " + r.at +
                    ": expected utility (Scholz et al.'s code and the paper's intent), KTAB's spatial model, the "
                    "compromise model (weighted mean and median) and the exchange model (Equal Gain)\n";
  for (const auto& reading : r.readings) {
    const Issue& issue = s.issues[reading.issue];
    out += "\n" + issue.id + (issue.name.empty() || issue.name == issue.id ? "" : " (" + issue.name + ")") + "\n";
    Table t({"model", "forecast", "end"});
    for (const auto& m : r.models) {
      const double x = m.forecast[reading.issue];
      if (std::isnan(x)) continue;
      std::string end = m.state[reading.issue];
      if (!is_settled(end))
        end += ", range " + shown(issue, m.low[reading.issue]) + " to " + shown(issue, m.high[reading.issue]);
      t.add({m.label, shown(issue, x), end});
    }
    out += t.render();
    for (const auto& sentence : reading.sentences) out += "  " + sentence + "\n";
  }
  for (const auto& n : r.nominal) out += nominal_text(s, n);
  for (const auto& why : r.skipped) out += "\nNot run: " + why + "\n";
  if (!r.smp_settings.empty()) {
    out += "\nThe spatial model ran with: " + r.smp_settings + "; the rest KTAB's defaults (docs/models.md §6.9)\n";
  }
  out += "\nparley " + stamp.version + ", scenario sha256 " + stamp.scenario_sha256.substr(0, 12) + "\n";
  return out;
}

std::string all_csv(const Scenario& s, const AllReport& r) {
  // One row per issue and model: the forecast (an option by name on a discrete issue), its value on the issue's
  // scale, how the model ended and the range behind it; the issue's spread on each of its rows.
  std::string out = "issue,model,forecast,value,state,low,high,spread\n";
  auto n = [](double x) { return core::format_number(core::snap_decimal(x)); };
  for (const auto& reading : r.readings) {
    const Issue& issue = s.issues[reading.issue];
    for (const auto& m : r.models) {
      const double x = m.forecast[reading.issue];
      if (std::isnan(x)) continue;
      const auto option = option_name(issue, x);
      out += issue.id + "," + m.id + "," + (option ? csv_field(*option) : n(x)) + "," + n(x) + "," +
             csv_field(m.state[reading.issue]) + "," + n(m.low[reading.issue]) + "," + n(m.high[reading.issue]) + "," +
             n(reading.spread) + "\n";
    }
  }
  for (const auto& nf : r.nominal) {
    const Issue& issue = s.issues[nf.issue];
    out += issue.id + ",all," + csv_field(issue.options[nf.plurality]) + "," + n(static_cast<double>(nf.plurality)) +
           ",plurality,,,0\n";
  }
  return out;
}

}  // namespace parley::report
