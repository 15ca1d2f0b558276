// The typed results of analyze and forecast (parley/results.hpp): that they say what the rendered outputs say
// (the same engine, read without parsing text), that discrete values carry their options, and that the rendered
// outputs are exactly the results rendered.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "../json_support.hpp"
#include "../test_support.hpp"
#include "doc/node.hpp"
#include "parley/error.hpp"
#include "parley/services.hpp"

namespace parley::services {
namespace {

const std::string kExamples = std::string(PARLEY_SOURCE_DIR) + "/examples/";
const std::string kGood = std::string(PARLEY_SOURCE_DIR) + "/tests/scenarios/good/";

using test::at;
using test::parsed;

// A result rendered in every format is what the command prints in it.
template <class Result, class Options, class Command>
void expect_rendered_as(const Result& r, const Loaded& loaded, Options o, Command command) {
  for (const auto format : {OutputFormat::json, OutputFormat::text, OutputFormat::csv, OutputFormat::yaml}) {
    o.format = format;
    EXPECT_EQ(render(r, format), command(loaded, o)) << static_cast<int>(format);
  }
}

// The JSON renderers' value: an option by name, else a number.
void expect_value(const doc::Node& json, const Value& v, const std::string& where) {
  if (v.discrete()) {
    EXPECT_EQ(json.kind, doc::Kind::string) << where;
    EXPECT_EQ(json.text, v.name) << where;
  } else {
    ASSERT_EQ(json.kind, doc::Kind::number) << where;
    EXPECT_NEAR(json.number, v.position, 1e-9 * (1 + std::abs(v.position))) << where;
  }
}

void expect_package(const doc::Node& json, const Package& p, const AnalyzeResult& r, const Scenario& s,
                    const std::string& where) {
  ASSERT_EQ(p.values.size(), r.issues.size()) << where;
  for (std::size_t k = 0; k < p.values.size(); ++k)
    expect_value(at(json, {"values", r.issues[k].id}), p.values[k], where + " " + r.issues[k].id);
  ASSERT_EQ(p.utilities.size(), r.parties.size()) << where;
  for (std::size_t i = 0; i < r.parties.size(); ++i) {
    const std::string& id = s.actors[r.parties[i].index].id;
    EXPECT_NEAR(at(json, {"utilities", id}).number, p.utilities[i], 1e-12) << where << " " << id;
  }
  EXPECT_NEAR(at(json, {"ratification"}).number, p.ratification, 1e-12) << where;
}

void expect_analysis_as_rendered(const std::string& file) {
  SCOPED_TRACE(file);
  const Loaded loaded = load(file, {});
  ASSERT_TRUE(loaded.scenario) << test::messages(loaded.diagnostics);
  AnalyzeOptions o;
  o.format = OutputFormat::json;
  o.threads = 1;
  const AnalyzeResult r = analyze_result(loaded, o);
  const std::string rendered = analyze(loaded, o);
  EXPECT_EQ(render(r, OutputFormat::json), rendered);
  o.format = OutputFormat::text;
  EXPECT_EQ(render(r, OutputFormat::text), analyze(loaded, o));
  const doc::Node json = parsed(rendered);
  const Scenario& s = *loaded.scenario;
  EXPECT_EQ(r.stamp.scenario_sha256, loaded.stamp.scenario_sha256);
  ASSERT_EQ(r.issues.size(), at(json, {"issues"}).items.size());
  for (std::size_t k = 0; k < r.issues.size(); ++k) {
    const IssueSummary& issue = r.issues[k];
    const doc::Node& j = at(json, {"issues"}).items[k];
    EXPECT_EQ(issue.issue, IssueId{k});
    EXPECT_EQ(issue.id, s.issues[k].id);
    EXPECT_EQ(issue.zopa, at(j, {"zopa", "exists"}).boolean) << issue.id;
    if (issue.median) expect_value(at(j, {"weighted_median"}), *issue.median, issue.id + " median");
    if (issue.zopa) {
      expect_value(at(j, {"zopa", "low"}), issue.low, issue.id + " low");
      expect_value(at(j, {"zopa", "high"}), issue.high, issue.id + " high");
      EXPECT_FALSE(issue.above.has_value());
    } else {
      EXPECT_NEAR(at(j, {"zopa", "gap"}).number, issue.gap, 1e-9);
      ASSERT_TRUE(issue.above && issue.below);
      EXPECT_EQ(at(j, {"zopa", "between", "above"}).text, s.actors[issue.above->index].id);
      EXPECT_EQ(at(j, {"zopa", "between", "below"}).text, s.actors[issue.below->index].id);
    }
    // A value on a discrete issue is an option, by index and name; on a continuous one, a bare position.
    EXPECT_EQ(issue.lowest.discrete(), s.issues[k].discrete) << issue.id;
    if (issue.lowest.discrete()) {
      EXPECT_EQ(issue.lowest.name, s.issues[k].options[*issue.lowest.option]);
    }
  }
  const doc::Node& packages = at(json, {"packages"});
  EXPECT_EQ(r.packages, at(packages, {"total"}).number);
  if (r.agreeable_exact) {
    EXPECT_EQ(r.agreeable, at(packages, {"agreeable"}).number);
  }
  EXPECT_EQ(r.frontier_packages, at(packages, {"pareto_packages"}).number);
  ASSERT_EQ(r.frontier.size(), at(packages, {"pareto"}).items.size());
  for (std::size_t i = 0; i < r.frontier.size(); ++i)
    expect_package(at(packages, {"pareto"}).items[i], r.frontier[i], r, s, "frontier " + std::to_string(i));
  const std::pair<const char*, const std::optional<Package>*> solutions[] = {
      {"nash", &r.nash},
      {"kalai_smorodinsky", &r.kalai_smorodinsky},
      {"egalitarian", &r.egalitarian},
      {"utilitarian", &r.utilitarian}};
  for (const auto& [name, solution] : solutions) {
    const doc::Node& j = at(packages, {"solutions", name});
    EXPECT_EQ(solution->has_value(), j.kind == doc::Kind::mapping) << name;
    if (solution->has_value()) expect_package(j, **solution, r, s, name);
  }
  const doc::Node& take = at(packages, {"what_it_would_take"});
  if (r.what_it_would_take && r.what_it_would_take->found) {
    EXPECT_NEAR(at(take, {"cost"}).number, r.what_it_would_take->cost, 1e-12);
    expect_package(at(take, {"package"}), *r.what_it_would_take->package, r, s, "what it would take");
    std::size_t listed = 0;
    for (const auto& party : at(take, {"parties"}).items) listed += at(party, {"concessions"}).items.size();
    EXPECT_EQ(listed, r.what_it_would_take->concessions.size());
  }
  EXPECT_EQ(r.found_off_grid, !at(packages, {"found_off_grid"}).entries.empty());
}

TEST(Results, AnalyzeSaysWhatItsRenderingsSay) {
  expect_analysis_as_rendered(kExamples + "geneva.yaml");
  expect_analysis_as_rendered(kExamples + "eum-uk-emu.yaml");
  expect_analysis_as_rendered(kGood + "discrete-options.yaml");
  expect_analysis_as_rendered(kGood + "constraints.yaml");
  expect_analysis_as_rendered(std::string(PARLEY_SOURCE_DIR) + "/tests/scenarios/analyze/off-grid-no-deal.yaml");
}

TEST(Results, GenevaInNumbers) {
  const Loaded loaded = load(kExamples + "geneva.yaml", {});
  ASSERT_TRUE(loaded.scenario);
  const AnalyzeResult r = analyze_result(loaded, {});
  // Nothing agreeable after the strikes: the gap on territory between Russia and Ukraine (docs/examples.md).
  EXPECT_EQ(r.agreeable, 0);
  ASSERT_TRUE(r.what_it_would_take && r.what_it_would_take->found);
  EXPECT_GT(r.what_it_would_take->cost, 0);
  EXPECT_FALSE(r.nash.has_value());
  const auto& territory = r.issues.front();
  EXPECT_EQ(territory.id, "territory");
  EXPECT_FALSE(territory.zopa);
  EXPECT_GT(territory.gap, 0);
  // The sequencing issue is discrete: its ZOPA's ends are options.
  const auto& sequencing = r.issues.back();
  ASSERT_TRUE(sequencing.low.discrete());
  EXPECT_FALSE(sequencing.low.name.empty());
}

TEST(Results, ForecastSaysWhatItsRenderingsSay) {
  const Loaded loaded = load(kExamples + "geneva.yaml", {});
  ASSERT_TRUE(loaded.scenario);
  for (const char* model : {"eum", "smp"}) {
    SCOPED_TRACE(model);
    ForecastOptions o;
    o.model = model;
    o.format = OutputFormat::json;
    const ForecastResult r = forecast_result(loaded, o);
    EXPECT_EQ(r.model, model);
    expect_rendered_as(r, loaded, o, [](const Loaded& l, const ForecastOptions& f) { return forecast(l, f); });
    const doc::Node json = parsed(forecast(loaded, o));
    ASSERT_EQ(r.issues.size(), 3u);
    for (std::size_t k = 0; k < r.issues.size(); ++k) {
      const IssueForecast& f = r.issues[k];
      EXPECT_EQ(f.issue, IssueId{k});
      EXPECT_EQ(f.forecast.discrete(), loaded.scenario->issues[k].discrete);
      if (r.model == "eum") {
        const doc::Node& j = at(json, {"issues"}).items[k];
        EXPECT_EQ(at(j, {"issue"}).text, f.id);
        EXPECT_EQ(at(j, {"end", "settled"}).boolean, f.settled) << f.id;
        expect_value(at(j, {"forecast"}), f.forecast, f.id);
        ASSERT_TRUE(f.start.has_value());
        ASSERT_EQ(f.path.size(), static_cast<std::size_t>(f.rounds) + 1);
        EXPECT_EQ(f.path.front().position, f.start->position);
        // Not settled: the range behind the number is wider than a point.
        if (!f.settled) {
          EXPECT_LT(f.low.position, f.high.position) << f.id;
        }
      } else {
        expect_value(at(json, {"forecast", f.id}), f.forecast, f.id);
        EXPECT_EQ(at(json, {"end", "settled"}).boolean, f.settled) << f.id;
        EXPECT_FALSE(f.start.has_value());
      }
    }
    EXPECT_GE(r.ratification, 0);
    EXPECT_LE(r.ratification, 1);
  }
}

// The exchange model and every model side by side: the typed results say what the renderings say.
TEST(Results, ExchangeAndAllModelsSayWhatTheirRenderingsSay) {
  const Loaded loaded = load(kExamples + "geneva.yaml", {});
  ASSERT_TRUE(loaded.scenario);
  ForecastOptions o;
  o.model = "exchange";
  o.format = OutputFormat::json;
  const ForecastResult x = forecast_result(loaded, o);
  expect_rendered_as(x, loaded, o, [](const Loaded& l, const ForecastOptions& f) { return forecast(l, f); });
  const doc::Node xj = parsed(forecast(loaded, o));
  ASSERT_EQ(x.issues.size(), 3u);
  for (const auto& f : x.issues) {
    expect_value(at(xj, {"forecast", f.id}), f.forecast, f.id);
    ASSERT_TRUE(f.start.has_value());
    EXPECT_EQ(f.path.size(), static_cast<std::size_t>(f.rounds) + 1);
    EXPECT_EQ(f.settled, at(xj, {"end", "settled"}).boolean);
  }
  o.model = "all";
  const ForecastResult all = forecast_result(loaded, o);
  expect_rendered_as(all, loaded, o, [](const Loaded& l, const ForecastOptions& f) { return forecast(l, f); });
  const doc::Node aj = parsed(forecast(loaded, o));
  ASSERT_EQ(all.issues.size(), 3u);
  for (std::size_t k = 0; k < all.issues.size(); ++k) {
    const IssueForecast& f = all.issues[k];
    const doc::Node& j = at(aj, {"issues"}).items[k];
    ASSERT_EQ(f.models.size(), 6u) << f.id;
    double lo = f.models.front().forecast.position, hi = lo;
    for (const auto& m : f.models) {
      expect_value(at(j, {"forecasts", m.model, "forecast"}), m.forecast, f.id + " " + m.model);
      EXPECT_EQ(at(j, {"forecasts", m.model, "settled"}).boolean, m.settled) << f.id << " " << m.model;
      lo = std::min(lo, m.forecast.position);
      hi = std::max(hi, m.forecast.position);
    }
    EXPECT_NEAR(f.spread, hi - lo, 1e-9) << f.id;
    EXPECT_NEAR(at(j, {"spread"}).number, f.spread, 1e-9) << f.id;
    EXPECT_EQ(at(j, {"note"}).items.size(), f.reading.size()) << f.id;
    // The exchange model's forecast is the one `--model exchange` gives.
    EXPECT_EQ(f.models.back().model, "exchange");
    EXPECT_NEAR(f.models.back().forecast.position, x.issues[k].forecast.position, 1e-12) << f.id;
  }
  // Every model agrees on sequencing; on territory the reading names the exchange model's trades.
  EXPECT_LT(all.issues[2].spread, 1e-9);
  EXPECT_TRUE(std::any_of(all.issues[0].reading.begin(), all.issues[0].reading.end(), [](const std::string& s) {
    return s.find("exchange model") != std::string::npos && s.find("trades") != std::string::npos;
  }));
}

TEST(Results, AllModelsRefuseOneModelsOptions) {
  const Loaded loaded = load(kExamples + "geneva.yaml", {});
  ForecastOptions o;
  o.model = "all";
  o.rounds = 3;
  EXPECT_THROW((void)forecast_result(loaded, o), UsageError);
  o.rounds.reset();
  o.seed = 2;
  EXPECT_THROW((void)forecast_result(loaded, o), UsageError);
  o.seed.reset();
  o.model = "exchange";
  o.randomness = 0.5;  // applies to the randomized variant only
  EXPECT_THROW((void)forecast_result(loaded, o), UsageError);
  o.variant = "randomized";
  EXPECT_NO_THROW((void)forecast_result(loaded, o));
}

TEST(Results, StabilitySaysWhatItsRenderingsSay) {
  const Loaded loaded = load(kExamples + "geneva.yaml", {});
  ASSERT_TRUE(loaded.scenario);
  const Scenario& s = *loaded.scenario;
  StabilityOptions o;
  o.format = OutputFormat::json;
  o.threads = 1;
  const StabilityResult r = stability_result(loaded, o);
  expect_rendered_as(r, loaded, o, [](const Loaded& l, const StabilityOptions& st) { return stability(l, st); });
  const doc::Node json = parsed(stability(loaded, o));
  ASSERT_EQ(r.decision_makers.size(), s.conflict->decision_makers.size());
  EXPECT_EQ(r.options.size(), s.conflict->options.size());
  EXPECT_EQ(r.states, at(json, {"states"}).items.size());
  // Each concept's equilibria, by number, as the JSON lists them; and each state's verdicts per decision maker.
  for (const auto& [concept_key, list] : at(json, {"equilibria"}).entries) {
    std::vector<std::size_t> expected, typed;
    for (const auto& n : list.items) expected.push_back(static_cast<std::size_t>(n.number));
    for (const auto& e : r.equilibria)
      for (const auto c : e.equilibrium)
        if (name(c) == concept_key.text) typed.push_back(e.state.number);
    EXPECT_EQ(typed, expected) << concept_key.text;
  }
  ASSERT_FALSE(r.equilibria.empty());
  for (const auto& e : r.equilibria) {
    const doc::Node& state = at(json, {"states"}).items[e.state.number - 1];
    EXPECT_EQ(at(state, {"pattern"}).text, e.state.pattern);
    for (std::size_t k = 0; k < r.decision_makers.size(); ++k) {
      const std::string& dm = s.actors[r.decision_makers[k].index].id;
      for (const auto c : r.concepts) {
        bool listed = false;
        for (const auto& n : at(state, {"stable", name(c)}).items) listed = listed || n.text == dm;
        const auto& mine = e.stable_for[k];
        EXPECT_EQ(listed, std::find(mine.begin(), mine.end(), c) != mine.end()) << e.state.number << " " << dm;
      }
    }
  }
  ASSERT_TRUE(r.status_quo.has_value());
  EXPECT_EQ(r.status_quo->number, static_cast<std::size_t>(at(json, {"status_quo", "state"}).number));
  std::size_t upsets = 0;
  for (const auto& c : at(json, {"coalitions"}).items) upsets += at(c, {"upsets"}).items.size();
  EXPECT_EQ(r.coalition_upsets.size(), upsets);
  EXPECT_GT(upsets, 0u);
}

// A simulated package against its JSON: values by issue (options by name), utilities by party.
void expect_simulated_package(const doc::Node& json, const Package& p, const Scenario& s,
                              const std::vector<SimulatedParty>& parties, const std::string& where) {
  ASSERT_EQ(p.values.size(), s.issues.size()) << where;
  for (std::size_t k = 0; k < p.values.size(); ++k)
    expect_value(at(json, {"values", s.issues[k].id}), p.values[k], where + " " + s.issues[k].id);
  ASSERT_EQ(p.utilities.size(), parties.size()) << where;
  for (std::size_t i = 0; i < parties.size(); ++i) {
    const std::string& id = s.actors[parties[i].actor.index].id;
    EXPECT_NEAR(at(json, {"utilities", id}).number, p.utilities[i], 1e-12) << where << " " << id;
  }
}

TEST(Results, SimulateSaysWhatItsRenderingsSay) {
  std::size_t agreements = 0, steps = 0;
  for (const std::string name : {"geneva", "chicken", "eum-uk-emu", "ktab-dummy-3dim"}) {
    const Loaded loaded = load(kExamples + name + ".yaml", {});
    ASSERT_TRUE(loaded.scenario);
    const Scenario& s = *loaded.scenario;
    for (const std::string protocol : {"saop", "single-text"}) {
      SimulateOptions o;
      o.protocol = protocol;
      o.fallback = name == "geneva" ? "boulware" : "conceder";
      o.rounds = 60;
      o.seed = 7;
      const std::string where = name + " " + protocol;
      SimulateResult r;
      try {
        r = simulate_result(loaded, o);
      } catch (const DataError&) {
        continue;  // single text needs a mediator
      }
      expect_rendered_as(r, loaded, o, [](const Loaded& l, const SimulateOptions& opt) { return simulate(l, opt); });
      o.format = OutputFormat::json;
      const auto json = parsed(simulate(loaded, o));
      EXPECT_EQ(r.protocol, at(json, {"protocol"}).text) << where;
      EXPECT_EQ(r.at, at(json, {"at"}).text) << where;
      EXPECT_EQ(r.seed, 7U) << where;
      const auto& parties = at(json, {"parties"}).items;
      ASSERT_EQ(r.parties.size(), parties.size()) << where;
      for (std::size_t i = 0; i < parties.size(); ++i) {
        EXPECT_EQ(s.actors[r.parties[i].actor.index].id, at(parties[i], {"id"}).text) << where;
        EXPECT_EQ(r.parties[i].strategy, at(parties[i], {"strategy"}).text) << where;
        EXPECT_NEAR(r.parties[i].no_deal_utility, at(parties[i], {"no_deal_utility"}).number, 1e-12) << where;
        EXPECT_NEAR(r.utilities[i], at(json, {"utilities", at(parties[i], {"id"}).text}).number, 1e-12) << where;
      }
      EXPECT_EQ(r.agreement.has_value(), at(json, {"agreement"}).kind != doc::Kind::null) << where;
      if (r.agreement) {
        ++agreements;
        expect_simulated_package(at(json, {"agreement"}), *r.agreement, s, r.parties, where + " agreement");
        EXPECT_NEAR(r.agreement->ratification, at(json, {"agreement", "ratification"}).number, 1e-12) << where;
        EXPECT_EQ(static_cast<double>(*r.round), at(json, {"round"}).number) << where;
      }
      EXPECT_EQ(r.timed_out, at(json, {"timed_out"}).boolean) << where;
      const auto& trace = at(json, {"trace"}).items;
      ASSERT_EQ(r.trace.size(), trace.size()) << where;
      for (std::size_t t = 0; t < trace.size(); ++t) {
        const auto& step = r.trace[t];
        EXPECT_EQ(step.action, at(trace[t], {"action"}).text) << where << " step " << t;
        EXPECT_EQ(step.party ? s.actors[step.party->index].id : "mediator", at(trace[t], {"party"}).text) << where;
        EXPECT_EQ(step.package.has_value(), trace[t].find("values") != nullptr) << where;
        if (step.package) expect_simulated_package(trace[t], *step.package, s, r.parties, where + " step");
      }
      steps += trace.size();
    }
  }
  EXPECT_GT(agreements, 2U);  // the cases reached agreements, not only the Geneva deadlock
  EXPECT_GT(steps, 100U);
}

void expect_mean(const doc::Node& json, const MeanOf& m, const std::string& where) {
  EXPECT_EQ(static_cast<double>(m.count), at(json, {"count"}).number) << where;
  for (const auto& [key, value] : {std::pair{"mean", m.mean}, std::pair{"sd", m.sd}, std::pair{"ci95", m.ci95}}) {
    const doc::Node& n = at(json, {key});
    EXPECT_EQ(value.has_value(), n.kind == doc::Kind::number) << where << " " << key;
    if (value) {
      EXPECT_NEAR(*value, n.number, 1e-12) << where << " " << key;
    }
  }
}

void expect_scores(const doc::Node& json, const StrategyScores& s, const std::string& where) {
  EXPECT_EQ(s.strategy, at(json, {"strategy"}).text) << where;
  expect_mean(at(json, {"utility"}), s.utility, where + " utility");
  expect_mean(at(json, {"agreement"}), s.agreement, where + " agreement");
  expect_mean(at(json, {"welfare"}), s.welfare, where + " welfare");
  expect_mean(at(json, {"distance_to_nash"}), s.distance_to_nash, where + " distance_to_nash");
  expect_mean(at(json, {"round"}), s.round, where + " round");
}

TEST(Results, TournamentSaysWhatItsRenderingsSay) {
  const std::vector<std::string> files = {kExamples + "geneva.yaml", kExamples + "chicken.yaml"};
  TournamentOptions o;
  o.strategies = {"boulware", "conceder", "linear"};
  o.repetitions = 3;
  o.rounds = 40;
  o.threads = 1;
  const Tournament t = tournament_result(files, {}, o);
  ASSERT_TRUE(t.result);
  const TournamentResult& r = *t.result;
  for (const auto format : {OutputFormat::json, OutputFormat::text, OutputFormat::csv, OutputFormat::yaml}) {
    o.format = format;
    EXPECT_EQ(render(r, format), tournament(files, {}, o).output) << static_cast<int>(format);
  }
  o.format = OutputFormat::json;
  const auto json = parsed(tournament(files, {}, o).output);
  EXPECT_EQ(r.protocol, at(json, {"protocol"}).text);
  EXPECT_EQ(static_cast<double>(r.negotiations), at(json, {"negotiations"}).number);
  EXPECT_GT(r.negotiations, 0U);
  const auto& strategies = at(json, {"strategies"}).items;
  ASSERT_EQ(r.strategies.size(), strategies.size());
  for (std::size_t j = 0; j < strategies.size(); ++j) expect_scores(strategies[j], r.strategies[j], "overall");
  const auto& scenarios = at(json, {"scenarios"}).items;
  ASSERT_EQ(r.scenarios.size(), scenarios.size());
  for (std::size_t k = 0; k < scenarios.size(); ++k) {
    const auto& sc = r.scenarios[k];
    EXPECT_EQ(sc.file, at(scenarios[k], {"file"}).text);
    EXPECT_EQ(static_cast<double>(sc.roles.size()), at(scenarios[k], {"parties"}).number);
    EXPECT_EQ(static_cast<double>(sc.assignments), at(scenarios[k], {"assignments"}).number);
    const auto& per = at(scenarios[k], {"strategies"}).items;
    ASSERT_EQ(sc.strategies.size(), per.size());
    for (std::size_t j = 0; j < per.size(); ++j) {
      expect_scores(per[j], sc.strategies[j], sc.file);
      for (std::size_t i = 0; i < sc.roles.size(); ++i) {
        expect_mean(at(per[j], {"roles", sc.roles[i], "utility"}), sc.by_role[i][j].utility, sc.file + " role");
        expect_mean(at(per[j], {"roles", sc.roles[i], "agreement"}), sc.by_role[i][j].agreement, sc.file + " role");
      }
    }
  }
  // Inputs with errors: their diagnostics, and no result.
  const Tournament bad =
      tournament_result({std::string(PARLEY_SOURCE_DIR) + "/tests/scenarios/bad/bad-id.yaml"}, {}, o);
  EXPECT_FALSE(bad.result);
  EXPECT_GT(bad.diagnostics.error_count(), 0U);
}

TEST(Results, SweepSaysWhatItsRenderingsSay) {
  const Loaded loaded = load(kExamples + "geneva.yaml", {});
  ASSERT_TRUE(loaded.scenario);
  for (const std::string analysis : {"forecast", "analyze", "stability"}) {
    SweepOptions o;
    o.analysis = analysis;
    o.draws = 300;
    o.threads = 1;
    o.sensitivity = analysis == "forecast";
    const Swept swept = sweep(loaded, o, Control{});
    ASSERT_TRUE(swept.result) << analysis;
    const SweepResult& r = *swept.result;
    for (const auto format : {OutputFormat::json, OutputFormat::text, OutputFormat::csv, OutputFormat::yaml}) {
      o.format = format;
      EXPECT_EQ(render(r, format), sweep(loaded, o)) << analysis << " " << static_cast<int>(format);
    }
    o.format = OutputFormat::json;
    const auto json = parsed(sweep(loaded, o));
    EXPECT_EQ(r.analysis, analysis);
    EXPECT_EQ(r.draws, 300U);
    EXPECT_FALSE(r.interrupted);
    const auto& inputs = at(json, {"inputs"}).items;
    ASSERT_EQ(r.inputs.size(), inputs.size());
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      EXPECT_EQ(r.inputs[i].path, at(inputs[i], {"path"}).text);
      EXPECT_EQ(r.inputs[i].label, at(inputs[i], {"label"}).text);
    }
    const doc::Node& outputs = at(json, {"outputs"});
    ASSERT_EQ(r.outputs.size(), outputs.entries.size()) << analysis;
    std::size_t numeric = 0, categorical = 0;
    for (std::size_t k = 0; k < r.outputs.size(); ++k) {
      const OutputSummary& out = r.outputs[k];
      ASSERT_EQ(out.path, outputs.entries[k].first.text) << analysis;
      const doc::Node& n = outputs.entries[k].second;
      EXPECT_EQ(out.label, at(n, {"label"}).text) << out.path;
      if (const doc::Node* mean = n.find("mean")) {
        ++numeric;
        EXPECT_EQ(static_cast<double>(out.count), at(n, {"count"}).number) << out.path;
        EXPECT_NEAR(out.mean, mean->number, 1e-9 * (1 + std::abs(out.mean))) << out.path;
        EXPECT_NEAR(out.q50, at(n, {"q50"}).number, 1e-9 * (1 + std::abs(out.q50))) << out.path;
      }
      if (const doc::Node* p = n.find("p")) {
        ++categorical;
        ASSERT_EQ(out.shares.size(), p->entries.size()) << out.path;
        for (std::size_t c = 0; c < out.shares.size(); ++c) {
          EXPECT_EQ(out.shares[c].first, p->entries[c].first.text) << out.path;
          EXPECT_NEAR(out.shares[c].second, p->entries[c].second.number, 1e-12) << out.path;
        }
      }
    }
    EXPECT_GT(numeric, 0U) << analysis;
    EXPECT_GT(categorical, 0U) << analysis;
    EXPECT_EQ(r.sensitivity.has_value(), json.find("sensitivity") != nullptr) << analysis;
    if (r.sensitivity) {
      const auto& sens = at(json, {"sensitivity"}).items;
      ASSERT_EQ(r.sensitivity->size(), sens.size());
      for (std::size_t k = 0; k < sens.size(); ++k) {
        const auto& mine = (*r.sensitivity)[k];
        EXPECT_EQ(mine.output, at(sens[k], {"output"}).text);
        const auto& tornado = at(sens[k], {"tornado"}).items;
        ASSERT_EQ(mine.tornado.size(), tornado.size()) << mine.output;
        if (!tornado.empty()) {
          EXPECT_EQ(mine.tornado[0].input, at(tornado[0], {"input"}).text) << mine.output;
          EXPECT_NEAR(mine.tornado[0].high, at(tornado[0], {"high"}).number, 1e-9) << mine.output;
        }
      }
    }
  }
  // CSV alone prints the draws and summarises nothing: no typed summaries.
  SweepOptions csv;
  csv.draws = 50;
  csv.format = OutputFormat::csv;
  EXPECT_FALSE(sweep(loaded, csv, Control{}).result);
}

TEST(Results, TheTimelineSaysWhatItsRenderingsSay) {
  const Loaded loaded = load(kExamples + "geneva.yaml", {});
  ASSERT_TRUE(loaded.scenario);
  const Scenario& s = *loaded.scenario;
  AnalyzeOptions o;
  o.timeline = true;
  const TimelineResult r = timeline_result(loaded, o);
  for (const auto format : {OutputFormat::json, OutputFormat::text, OutputFormat::yaml}) {
    o.format = format;
    EXPECT_EQ(render(r, format), analyze(loaded, o)) << static_cast<int>(format);
  }
  o.format = OutputFormat::json;
  const auto json = parsed(analyze(loaded, o));
  const auto& points = at(json, {"timeline"}).items;
  ASSERT_EQ(r.points.size(), s.timeline.size() + 1);
  ASSERT_EQ(r.points.size(), points.size());
  bool named_option = false;
  for (std::size_t p = 0; p < points.size(); ++p) {
    const TimelinePoint& mine = r.points[p];
    EXPECT_EQ(mine.at, at(points[p], {"at"}).text);
    const auto& issues = at(points[p], {"issues"}).items;
    ASSERT_EQ(mine.issues.size(), issues.size());
    for (std::size_t k = 0; k < issues.size(); ++k) {
      EXPECT_EQ(mine.issues[k].id, at(issues[k], {"id"}).text);
      EXPECT_EQ(mine.issues[k].zopa, at(issues[k], {"zopa"}).boolean);
      EXPECT_NEAR(mine.issues[k].gap, at(issues[k], {"gap"}).number, 1e-12);
      ASSERT_TRUE(mine.issues[k].median);
      // A discrete issue's median is an option, by name, in the JSON too (it was an index before).
      expect_value(at(issues[k], {"weighted_median"}), *mine.issues[k].median, mine.at + " " + mine.issues[k].id);
      named_option = named_option || mine.issues[k].median->discrete();
    }
    EXPECT_EQ(mine.agreeable.value_or(-1), at(points[p], {"agreeable"}).number);
    EXPECT_EQ(mine.what_it_would_take.has_value(), at(points[p], {"what_it_would_take"}).kind == doc::Kind::number);
  }
  EXPECT_TRUE(named_option);
  o.at = "start";
  EXPECT_THROW((void)timeline_result(loaded, o), OptionError);
}

TEST(Results, TheTimelineIsRenderedOnlyAndAnEmptyResultIsRefused) {
  const Loaded loaded = load(kExamples + "geneva.yaml", {});
  ASSERT_TRUE(loaded.scenario);
  AnalyzeOptions o;
  o.timeline = true;
  EXPECT_THROW((void)analyze_result(loaded, o), UsageError);
  EXPECT_THROW((void)render(AnalyzeResult{}, OutputFormat::json), UsageError);
  EXPECT_THROW((void)render(ForecastResult{}, OutputFormat::json), UsageError);
  EXPECT_THROW((void)render(StabilityResult{}, OutputFormat::json), UsageError);
  EXPECT_THROW((void)render(SimulateResult{}, OutputFormat::json), UsageError);
  EXPECT_THROW((void)render(TournamentResult{}, OutputFormat::json), UsageError);
  EXPECT_THROW((void)render(SweepResult{}, OutputFormat::json), UsageError);
  EXPECT_THROW((void)render(TimelineResult{}, OutputFormat::json), UsageError);
  EXPECT_THROW((void)render(ReportResult{}, "json"), UsageError);
  o.timeline = false;
  o.at = "start";
  EXPECT_EQ(analyze_result(loaded, o).at, "start");
}

TEST(Results, TheReportHoldsEachSectionsTypedResultAndIsThemRendered) {
  const Loaded loaded = load(kExamples + "geneva.yaml", {});
  ASSERT_TRUE(loaded.scenario);
  const Scenario& s = *loaded.scenario;
  ReportOptions o;
  o.format = "json";
  o.draws = 200;
  o.threads = 1;
  o.created = "2026-12-06";
  const ReportResult r = report_result(loaded, o);
  for (const std::string format : {"json", "md"}) {
    o.format = format;
    EXPECT_EQ(render(r, format), report(loaded, o).output) << format;
  }
  EXPECT_THROW((void)render(r, "pdf"), OptionError);
  const auto json = parsed(render(r, "json"));
  // Each section is what its own command says on the same scenario at the same point.
  ASSERT_EQ(r.points.size(), s.timeline.size() + 1);
  ASSERT_EQ(at(json, {"points"}).items.size(), r.points.size());
  EXPECT_EQ(r.points.front().at, "start");
  EXPECT_FALSE(r.points.front().date);
  for (std::size_t p = 0; p < r.points.size(); ++p) {
    const ReportPoint& point = r.points[p];
    ASSERT_TRUE(point.analysis.result) << point.at << ": " << point.analysis.skipped;
    AnalyzeOptions a;
    a.at = point.at;
    a.threads = 1;
    const AnalyzeResult alone = analyze_result(loaded, a);
    EXPECT_EQ(point.analysis.result->agreeable, alone.agreeable) << point.at;
    EXPECT_EQ(point.analysis.result->frontier_packages, alone.frontier_packages) << point.at;
    if (p > 0) {
      EXPECT_EQ(point.date.value_or(""), s.timeline[p - 1].date);
    }
  }
  ASSERT_TRUE(r.eum && r.eum->result);
  ASSERT_TRUE(r.smp && r.smp->result);
  ForecastOptions f;
  for (const auto* section : {&*r.eum, &*r.smp}) {
    f.model = section->result->model;
    const ForecastResult alone = forecast_result(loaded, f);
    ASSERT_EQ(section->result->issues.size(), alone.issues.size());
    for (std::size_t k = 0; k < alone.issues.size(); ++k) {
      EXPECT_EQ(section->result->issues[k].forecast.position, alone.issues[k].forecast.position) << f.model;
      EXPECT_EQ(section->result->issues[k].forecast.name, alone.issues[k].forecast.name) << f.model;
    }
  }
  ASSERT_TRUE(r.stability && r.stability->result);
  EXPECT_EQ(r.stability->result->equilibria.size(), stability_result(loaded, {}).equilibria.size());
  ASSERT_TRUE(r.uncertainty);
  EXPECT_EQ(r.uncertainty->draws, 200U);
  ASSERT_TRUE(r.uncertainty->forecast.result && r.uncertainty->analyze.result);
  EXPECT_EQ(r.uncertainty->forecast.result->draws, 200U);
  EXPECT_TRUE(r.uncertainty->analyze.result->sensitivity);
  EXPECT_TRUE(r.notes.empty());
  EXPECT_EQ(at(json, {"parley", "created"}).text, "2026-12-06");
}

}  // namespace
}  // namespace parley::services

namespace parley::services {
namespace {

TEST(Results, AGridAndAReplayAreTypedAndRenderAsTheSweepPrints) {
  const Loaded loaded = load(std::string(PARLEY_SOURCE_DIR) + "/examples/geneva.yaml", {});
  ASSERT_TRUE(loaded.scenario);
  SweepOptions o;
  o.draws = 10;
  o.threads = 1;
  o.vary = {"actors.us.capability=20..60:3", "actors.ru.capability=60..80:2"};
  o.format = OutputFormat::json;
  const Swept grid = sweep(loaded, o, Control{});
  ASSERT_TRUE(grid.result);
  const SweepResult& g = *grid.result;
  ASSERT_EQ(g.axes.size(), 2U);
  EXPECT_EQ(g.axes[0].values, (std::vector<double>{20, 40, 60}));
  ASSERT_EQ(g.grid.size(), 6U);
  EXPECT_EQ(g.grid[1].values, (std::vector<double>{20, 80}));  // the first axis varies slowest
  EXPECT_TRUE(g.outputs.empty());
  const auto json = parsed(grid.output);
  const auto& points = at(json, {"grid"}).items;
  ASSERT_EQ(points.size(), g.grid.size());
  ASSERT_EQ(g.grid[0].outputs.size(), at(points[0], {"outputs"}).entries.size());
  for (const auto format : {OutputFormat::json, OutputFormat::yaml, OutputFormat::text}) {
    o.format = format;
    EXPECT_EQ(render(g, format), sweep(loaded, o)) << static_cast<int>(format);
  }
  EXPECT_THROW((void)render(g, OutputFormat::csv), OptionError);  // a grid's CSV is its draws, printed as it runs
  o.format = OutputFormat::csv;
  EXPECT_FALSE(sweep(loaded, o, Control{}).result);

  SweepOptions r;
  r.draws = 20;
  r.replay = 4;
  for (const std::string analysis : {"forecast", "analyze", "stability"}) {
    r.analysis = analysis;
    r.format = OutputFormat::json;
    const Swept swept = sweep(loaded, r, Control{});
    ASSERT_TRUE(swept.replayed) << analysis;
    const SweepReplay& rep = *swept.replayed;
    EXPECT_EQ(rep.draw, 4U);
    EXPECT_EQ(rep.analyze.has_value(), analysis == "analyze");
    EXPECT_EQ(rep.forecast.has_value(), analysis == "forecast");
    EXPECT_EQ(rep.stability.has_value(), analysis == "stability");
    const auto replayed = parsed(swept.output);
    ASSERT_EQ(rep.inputs.size(), at(replayed, {"inputs"}).entries.size());
    EXPECT_EQ(rep.inputs[0].value, at(replayed, {"inputs"}).entries[0].second.number);
    for (const auto format : {OutputFormat::json, OutputFormat::yaml, OutputFormat::text}) {
      r.format = format;
      EXPECT_EQ(render(rep, format), sweep(loaded, r)) << analysis << static_cast<int>(format);
    }
    r.format = OutputFormat::csv;
    EXPECT_FALSE(sweep(loaded, r, Control{}).replayed);
  }
}

}  // namespace
}  // namespace parley::services
