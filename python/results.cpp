// The typed results (parley/results.hpp) as read-only Python objects, and their renderings: the package's result
// classes wrap these (python/parley/_results.py).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "options_from.hpp"
#include "parley/error.hpp"
#include "parley/services.hpp"

namespace py = pybind11;

namespace parley::python {

namespace {

std::vector<std::string> concept_names(const std::vector<StabilityConcept>& cs) {
  std::vector<std::string> out;
  out.reserve(cs.size());
  for (const auto c : cs) out.emplace_back(name(c));
  return out;
}

template <class R>
void renderable(py::class_<R>& c) {
  c.def(
      "render", [](const R& r, const std::string& format) { return services::render(r, format_of(format)); },
      py::arg("format") = "json");
}

}  // namespace

void bind_results(py::module_& m) {
  py::class_<StampedOption>(m, "StampedOption")
      .def_readonly("name", &StampedOption::name)
      .def_readonly("values", &StampedOption::values);
  py::class_<Stamp>(m, "Stamp")
      .def_readonly("version", &Stamp::version)
      .def_readonly("scenario_sha256", &Stamp::scenario_sha256)
      .def_readonly("options", &Stamp::options);
  py::class_<IssueId>(m, "IssueId")
      .def_readonly("index", &IssueId::index)
      .def("__repr__", [](const IssueId& i) { return "IssueId(" + std::to_string(i.index) + ")"; })
      .def("__eq__", [](const IssueId& a, const IssueId& b) { return a == b; })
      .def("__hash__", [](const IssueId& i) { return std::hash<std::size_t>{}(i.index); });
  py::class_<ActorId>(m, "ActorId")
      .def_readonly("index", &ActorId::index)
      .def("__repr__", [](const ActorId& i) { return "ActorId(" + std::to_string(i.index) + ")"; })
      .def("__eq__", [](const ActorId& a, const ActorId& b) { return a == b; })
      .def("__hash__", [](const ActorId& i) { return std::hash<std::size_t>{}(i.index) ^ 0x5bd1e995U; });
  py::class_<Value>(m, "Value")
      .def_readonly("position", &Value::position)
      .def_readonly("option", &Value::option)
      .def_property_readonly("name",
                             [](const Value& v) { return v.discrete() ? py::object(py::str(v.name)) : py::none(); })
      .def_property_readonly("discrete", &Value::discrete)
      .def("__repr__", [](const Value& v) {
        return v.discrete() ? "Value(" + v.name + ")"
                            : "Value(" + py::repr(py::float_(v.position)).cast<std::string>() + ")";
      });
  py::class_<IssueSummary>(m, "IssueSummary")
      .def_readonly("issue", &IssueSummary::issue)
      .def_readonly("id", &IssueSummary::id)
      .def_readonly("name", &IssueSummary::name)
      .def_readonly("mean", &IssueSummary::mean)
      .def_readonly("sd", &IssueSummary::sd)
      .def_readonly("median", &IssueSummary::median)
      .def_readonly("lowest", &IssueSummary::lowest)
      .def_readonly("highest", &IssueSummary::highest)
      .def_readonly("zopa", &IssueSummary::zopa)
      .def_readonly("low", &IssueSummary::low)
      .def_readonly("high", &IssueSummary::high)
      .def_readonly("gap", &IssueSummary::gap)
      .def_readonly("above", &IssueSummary::above)
      .def_readonly("below", &IssueSummary::below)
      .def_readonly("common", &IssueSummary::common)
      .def_readonly("nominal", &IssueSummary::nominal)
      .def_readonly("plurality", &IssueSummary::plurality);
  py::class_<Package>(m, "Package")
      .def_readonly("values", &Package::values)
      .def_readonly("utilities", &Package::utilities)
      .def_readonly("ratification", &Package::ratification);
  py::class_<Concession>(m, "Concession")
      .def_property_readonly("kind", [](const Concession& c) { return std::string(Concession::kind_name(c.kind)); })
      .def_readonly("actor", &Concession::actor)
      .def_readonly("issue", &Concession::issue)
      .def_readonly("constraint", &Concession::constraint)
      .def_readonly("from_", &Concession::from)
      .def_readonly("to", &Concession::to)
      .def_readonly("drop", &Concession::drop)
      .def_readonly("cost", &Concession::cost);
  py::class_<WhatItWouldTake>(m, "WhatItWouldTake")
      .def_readonly("not_computed", &WhatItWouldTake::not_computed)
      .def_readonly("found", &WhatItWouldTake::found)
      .def_readonly("exact", &WhatItWouldTake::exact)
      .def_readonly("cost", &WhatItWouldTake::cost)
      .def_readonly("lower_bound", &WhatItWouldTake::lower_bound)
      .def_readonly("package", &WhatItWouldTake::package)
      .def_readonly("concessions", &WhatItWouldTake::concessions);
  py::class_<AnalyzeResult> analyze(m, "AnalyzeResult");
  analyze.def_readonly("stamp", &AnalyzeResult::stamp)
      .def_readonly("title", &AnalyzeResult::title)
      .def_readonly("at", &AnalyzeResult::at)
      .def_readonly("issues", &AnalyzeResult::issues)
      .def_readonly("parties", &AnalyzeResult::parties)
      .def_readonly("packages", &AnalyzeResult::packages)
      .def_readonly("agreeable", &AnalyzeResult::agreeable)
      .def_readonly("agreeable_low", &AnalyzeResult::agreeable_low)
      .def_readonly("agreeable_high", &AnalyzeResult::agreeable_high)
      .def_readonly("agreeable_exact", &AnalyzeResult::agreeable_exact)
      .def_readonly("unanimous", &AnalyzeResult::unanimous)
      .def_readonly("decision", &AnalyzeResult::decision)
      .def_readonly("unanimity", &AnalyzeResult::unanimity)
      .def_readonly("essential", &AnalyzeResult::essential)
      .def_readonly("found_off_grid", &AnalyzeResult::found_off_grid)
      .def_readonly("frontier_packages", &AnalyzeResult::frontier_packages)
      .def_readonly("frontier", &AnalyzeResult::frontier)
      .def_readonly("nash", &AnalyzeResult::nash)
      .def_readonly("kalai_smorodinsky", &AnalyzeResult::kalai_smorodinsky)
      .def_readonly("egalitarian", &AnalyzeResult::egalitarian)
      .def_readonly("utilitarian", &AnalyzeResult::utilitarian)
      .def_readonly("leximin", &AnalyzeResult::leximin)
      .def_readonly("what_it_would_take", &AnalyzeResult::what_it_would_take);
  renderable(analyze);

  py::class_<ModelForecast>(m, "ModelForecast")
      .def_readonly("model", &ModelForecast::model)
      .def_readonly("forecast", &ModelForecast::forecast)
      .def_readonly("settled", &ModelForecast::settled)
      .def_readonly("state", &ModelForecast::state)
      .def_readonly("low", &ModelForecast::low)
      .def_readonly("high", &ModelForecast::high);
  py::class_<IssueForecast>(m, "IssueForecast")
      .def_readonly("issue", &IssueForecast::issue)
      .def_readonly("id", &IssueForecast::id)
      .def_readonly("start", &IssueForecast::start)
      .def_readonly("forecast", &IssueForecast::forecast)
      .def_readonly("settled", &IssueForecast::settled)
      .def_property_readonly("stop", [](const IssueForecast& f) { return std::string(name(f.stop)); })
      .def_readonly("low", &IssueForecast::low)
      .def_readonly("high", &IssueForecast::high)
      .def_readonly("rounds", &IssueForecast::rounds)
      .def_readonly("path", &IssueForecast::path)
      .def_readonly("nominal", &IssueForecast::nominal)
      .def_readonly("shares", &IssueForecast::shares)
      .def_readonly("models", &IssueForecast::models)
      .def_readonly("spread", &IssueForecast::spread)
      .def_readonly("reading", &IssueForecast::reading);
  py::class_<ForecastResult> forecast(m, "ForecastResult");
  forecast.def_readonly("stamp", &ForecastResult::stamp)
      .def_readonly("model", &ForecastResult::model)
      .def_readonly("at", &ForecastResult::at)
      .def_readonly("issues", &ForecastResult::issues)
      .def_readonly("refused_by", &ForecastResult::refused_by)
      .def_readonly("ratification", &ForecastResult::ratification);
  renderable(forecast);

  py::class_<TimelineIssue>(m, "TimelineIssue")
      .def_readonly("issue", &TimelineIssue::issue)
      .def_readonly("id", &TimelineIssue::id)
      .def_readonly("median", &TimelineIssue::median)
      .def_readonly("zopa", &TimelineIssue::zopa)
      .def_readonly("gap", &TimelineIssue::gap);
  py::class_<TimelinePoint>(m, "TimelinePoint")
      .def_readonly("at", &TimelinePoint::at)
      .def_readonly("date", &TimelinePoint::date)
      .def_readonly("label", &TimelinePoint::label)
      .def_readonly("issues", &TimelinePoint::issues)
      .def_readonly("agreeable", &TimelinePoint::agreeable)
      .def_readonly("pareto_packages", &TimelinePoint::pareto_packages)
      .def_readonly("nash", &TimelinePoint::nash)
      .def_readonly("what_it_would_take", &TimelinePoint::what_it_would_take);
  py::class_<TimelineResult> timeline(m, "TimelineResult");
  timeline.def_readonly("stamp", &TimelineResult::stamp)
      .def_readonly("title", &TimelineResult::title)
      .def_readonly("points", &TimelineResult::points);
  renderable(timeline);

  py::class_<ConflictState>(m, "ConflictState")
      .def_readonly("number", &ConflictState::number)
      .def_readonly("pattern", &ConflictState::pattern)
      .def("__repr__",
           [](const ConflictState& s) { return "ConflictState(" + std::to_string(s.number) + ", " + s.pattern + ")"; });
  py::class_<StateVerdicts>(m, "StateVerdicts")
      .def_readonly("state", &StateVerdicts::state)
      .def_property_readonly("stable_for",
                             [](const StateVerdicts& v) {
                               std::vector<std::vector<std::string>> out;
                               for (const auto& cs : v.stable_for) out.push_back(concept_names(cs));
                               return out;
                             })
      .def_property_readonly("equilibrium", [](const StateVerdicts& v) { return concept_names(v.equilibrium); });
  py::class_<CoalitionUpset>(m, "CoalitionUpset")
      .def_readonly("members", &CoalitionUpset::members)
      .def_readonly("from_", &CoalitionUpset::from)
      .def_readonly("to", &CoalitionUpset::to)
      .def_readonly("moves", &CoalitionUpset::moves);
  py::class_<StabilityResult> stability(m, "StabilityResult");
  stability.def_readonly("stamp", &StabilityResult::stamp)
      .def_readonly("decision_makers", &StabilityResult::decision_makers)
      .def_readonly("options", &StabilityResult::options)
      .def_readonly("states", &StabilityResult::states)
      .def_property_readonly("concepts", [](const StabilityResult& r) { return concept_names(r.concepts); })
      .def_readonly("equilibria", &StabilityResult::equilibria)
      .def_readonly("status_quo", &StabilityResult::status_quo)
      .def_readonly("reachable", &StabilityResult::reachable)
      .def_readonly("reachable_by_improvements", &StabilityResult::reachable_by_improvements)
      .def_readonly("coalition_upsets", &StabilityResult::coalition_upsets)
      .def_readonly("coalitions_note", &StabilityResult::coalitions_note);
  renderable(stability);

  py::class_<OutputSummary>(m, "OutputSummary")
      .def_readonly("path", &OutputSummary::path)
      .def_readonly("label", &OutputSummary::label)
      .def_readonly("count", &OutputSummary::count)
      .def_readonly("mean", &OutputSummary::mean)
      .def_readonly("sd", &OutputSummary::sd)
      .def_readonly("se", &OutputSummary::se)
      .def_readonly("q05", &OutputSummary::q05)
      .def_readonly("q25", &OutputSummary::q25)
      .def_readonly("q50", &OutputSummary::q50)
      .def_readonly("q75", &OutputSummary::q75)
      .def_readonly("q95", &OutputSummary::q95)
      .def_readonly("shares", &OutputSummary::shares)
      .def_readonly("membership", &OutputSummary::membership);
  py::class_<DrawnInput>(m, "DrawnInput")
      .def_readonly("path", &DrawnInput::path)
      .def_readonly("label", &DrawnInput::label)
      .def_readonly("distribution", &DrawnInput::distribution);
  py::class_<InputSwing>(m, "InputSwing")
      .def_readonly("input", &InputSwing::input)
      .def_readonly("low", &InputSwing::low)
      .def_readonly("high", &InputSwing::high);
  py::class_<OutputSensitivity>(m, "OutputSensitivity")
      .def_readonly("output", &OutputSensitivity::output)
      .def_readonly("base", &OutputSensitivity::base)
      .def_readonly("tornado", &OutputSensitivity::tornado)
      .def_readonly("variance_shares", &OutputSensitivity::variance_shares);
  py::class_<SweepResult::GridAxis>(m, "GridAxis")
      .def_readonly("path", &SweepResult::GridAxis::path)
      .def_readonly("label", &SweepResult::GridAxis::label)
      .def_readonly("values", &SweepResult::GridAxis::values);
  py::class_<SweepResult::GridPoint>(m, "GridPoint")
      .def_readonly("values", &SweepResult::GridPoint::values)
      .def_readonly("outputs", &SweepResult::GridPoint::outputs);
  py::class_<SweepResult> sweep(m, "SweepResult");
  sweep.def_readonly("stamp", &SweepResult::stamp)
      .def_readonly("analysis", &SweepResult::analysis)
      .def_readonly("at", &SweepResult::at)
      .def_readonly("seed", &SweepResult::seed)
      .def_readonly("draws", &SweepResult::draws)
      .def_readonly("draws_asked", &SweepResult::draws_asked)
      .def_readonly("interrupted", &SweepResult::interrupted)
      .def_readonly("quantile_error", &SweepResult::quantile_error)
      .def_readonly("inputs", &SweepResult::inputs)
      .def_readonly("outputs", &SweepResult::outputs)
      .def_readonly("sensitivity", &SweepResult::sensitivity)
      .def_readonly("axes", &SweepResult::axes)
      .def_readonly("grid", &SweepResult::grid);
  renderable(sweep);
  py::class_<ReplayedInput>(m, "ReplayedInput")
      .def_readonly("path", &ReplayedInput::path)
      .def_readonly("distribution", &ReplayedInput::distribution)
      .def_readonly("value", &ReplayedInput::value);
  py::class_<SweepReplay> replay(m, "SweepReplay");
  replay.def_readonly("seed", &SweepReplay::seed)
      .def_readonly("draw", &SweepReplay::draw)
      .def_readonly("inputs", &SweepReplay::inputs)
      .def_readonly("analyze", &SweepReplay::analyze)
      .def_readonly("forecast", &SweepReplay::forecast)
      .def_readonly("stability", &SweepReplay::stability);
  renderable(replay);
  py::class_<services::Swept>(m, "Swept")
      .def_readonly("output", &services::Swept::output)
      .def_readonly("draws_done", &services::Swept::draws_done)
      .def_readonly("interrupted", &services::Swept::interrupted)
      .def_readonly("run", &services::Swept::run)
      .def_readonly("result", &services::Swept::result)
      .def_readonly("replayed", &services::Swept::replayed);

  py::class_<SimulatedParty>(m, "SimulatedParty")
      .def_readonly("actor", &SimulatedParty::actor)
      .def_readonly("strategy", &SimulatedParty::strategy)
      .def_readonly("no_deal_utility", &SimulatedParty::no_deal_utility);
  py::class_<SimulationStep>(m, "SimulationStep")
      .def_readonly("round", &SimulationStep::round)
      .def_readonly("party", &SimulationStep::party)
      .def_readonly("action", &SimulationStep::action)
      .def_readonly("package", &SimulationStep::package);
  py::class_<SimulateResult> simulate(m, "SimulateResult");
  simulate.def_readonly("stamp", &SimulateResult::stamp)
      .def_readonly("seed", &SimulateResult::seed)
      .def_readonly("protocol", &SimulateResult::protocol)
      .def_readonly("at", &SimulateResult::at)
      .def_readonly("rounds", &SimulateResult::rounds)
      .def_readonly("parties", &SimulateResult::parties)
      .def_readonly("mediator", &SimulateResult::mediator)
      .def_readonly("agreement", &SimulateResult::agreement)
      .def_readonly("round", &SimulateResult::round)
      .def_readonly("expected_utilities", &SimulateResult::expected_utilities)
      .def_readonly("utilities", &SimulateResult::utilities)
      .def_readonly("distance_to_pareto", &SimulateResult::distance_to_pareto)
      .def_readonly("distance_to_nash", &SimulateResult::distance_to_nash)
      .def_readonly("ended_by", &SimulateResult::ended_by)
      .def_readonly("timed_out", &SimulateResult::timed_out)
      .def_readonly("trace", &SimulateResult::trace);
  renderable(simulate);

  py::class_<MeanOf>(m, "MeanOf")
      .def_readonly("mean", &MeanOf::mean)
      .def_readonly("sd", &MeanOf::sd)
      .def_readonly("ci95", &MeanOf::ci95)
      .def_readonly("count", &MeanOf::count);
  py::class_<StrategyScores>(m, "StrategyScores")
      .def_readonly("strategy", &StrategyScores::strategy)
      .def_readonly("utility", &StrategyScores::utility)
      .def_readonly("agreement", &StrategyScores::agreement)
      .def_readonly("welfare", &StrategyScores::welfare)
      .def_readonly("distance_to_nash", &StrategyScores::distance_to_nash)
      .def_readonly("round", &StrategyScores::round);
  py::class_<RoleScores>(m, "RoleScores")
      .def_readonly("utility", &RoleScores::utility)
      .def_readonly("agreement", &RoleScores::agreement);
  py::class_<TournamentScenario>(m, "TournamentScenario")
      .def_readonly("file", &TournamentScenario::file)
      .def_readonly("roles", &TournamentScenario::roles)
      .def_readonly("assignments", &TournamentScenario::assignments)
      .def_readonly("strategies", &TournamentScenario::strategies)
      .def_readonly("by_role", &TournamentScenario::by_role);
  py::class_<TournamentResult> tournament(m, "TournamentResult");
  tournament.def_readonly("stamp", &TournamentResult::stamp)
      .def_readonly("seed", &TournamentResult::seed)
      .def_readonly("protocol", &TournamentResult::protocol)
      .def_readonly("rounds", &TournamentResult::rounds)
      .def_readonly("repetitions", &TournamentResult::repetitions)
      .def_readonly("negotiations", &TournamentResult::negotiations)
      .def_readonly("strategies", &TournamentResult::strategies)
      .def_readonly("scenarios", &TournamentResult::scenarios);
  renderable(tournament);

  py::class_<ReportSection<AnalyzeResult>>(m, "AnalyzeSection")
      .def_readonly("result", &ReportSection<AnalyzeResult>::result)
      .def_readonly("skipped", &ReportSection<AnalyzeResult>::skipped);
  py::class_<ReportSection<ForecastResult>>(m, "ForecastSection")
      .def_readonly("result", &ReportSection<ForecastResult>::result)
      .def_readonly("skipped", &ReportSection<ForecastResult>::skipped);
  py::class_<ReportSection<StabilityResult>>(m, "StabilitySection")
      .def_readonly("result", &ReportSection<StabilityResult>::result)
      .def_readonly("skipped", &ReportSection<StabilityResult>::skipped);
  py::class_<ReportSection<SweepResult>>(m, "SweepSection")
      .def_readonly("result", &ReportSection<SweepResult>::result)
      .def_readonly("skipped", &ReportSection<SweepResult>::skipped);
  py::class_<ReportPoint>(m, "ReportPoint")
      .def_readonly("at", &ReportPoint::at)
      .def_readonly("date", &ReportPoint::date)
      .def_readonly("label", &ReportPoint::label)
      .def_readonly("analysis", &ReportPoint::analysis);
  py::class_<ReportUncertainty>(m, "ReportUncertainty")
      .def_readonly("draws", &ReportUncertainty::draws)
      .def_readonly("seed", &ReportUncertainty::seed)
      .def_readonly("forecast", &ReportUncertainty::forecast)
      .def_readonly("analyze", &ReportUncertainty::analyze);
  py::class_<ReportResult>(m, "ReportResult")
      .def_readonly("stamp", &ReportResult::stamp)
      .def_readonly("created", &ReportResult::created)
      .def_readonly("points", &ReportResult::points)
      .def_readonly("eum", &ReportResult::eum)
      .def_readonly("smp", &ReportResult::smp)
      .def_readonly("models", &ReportResult::models)
      .def_readonly("stability", &ReportResult::stability)
      .def_readonly("uncertainty", &ReportResult::uncertainty)
      .def_readonly("notes", &ReportResult::notes)
      .def(
          "render", [](const ReportResult& r, const std::string& format) { return services::render(r, format); },
          py::arg("format") = "json");
}

}  // namespace parley::python
