// `simulate` and `tournament`: negotiations between software agents over a scenario's packages
// (docs/models.md §5).
#include <algorithm>
#include <deque>
#include <memory>

#include "analysis/analyze.hpp"
#include "core/random.hpp"
#include "core/sha256.hpp"
#include "core/text.hpp"
#include "parley/error.hpp"
#include "parley/services.hpp"
#include "report/simulate.hpp"
#include "scenario/game.hpp"
#include "scenario/genius.hpp"
#include "scenario/timeline.hpp"
#include "services/custom_strategy.hpp"
#include "services/detail.hpp"
#include "sim/outcomes.hpp"
#include "sim/protocol.hpp"
#include "sim/strategy.hpp"
#include "sim/tournament.hpp"

namespace parley::services {

namespace {

// A scenario at one point, ready to negotiate over: the outcomes point into the space, which this keeps.
struct Table {
  analysis::Space space;
  analysis::PackageAnalysis packages;
  sim::Outcomes outcomes;
};

std::unique_ptr<Table> table_of(analysis::Space space, std::optional<std::size_t> mediator) {
  if (space.parties.size() < 2) {
    throw DataError("nothing to negotiate: a negotiation needs at least two parties (role 'party'), and there " +
                    std::string(space.parties.empty() ? "is none" : "is one"));
  }
  auto t = std::make_unique<Table>();
  t->space = std::move(space);
  t->packages = analysis::analyze_packages(t->space, {});
  t->outcomes = sim::outcomes_of(t->space, t->packages, mediator);
  return t;
}

std::unique_ptr<Table> table_of(const Scenario& s) {
  detail::require_issues(s, "negotiate");
  std::optional<std::size_t> mediator;
  for (std::size_t a = 0; a < s.actors.size() && !mediator; ++a) {
    if (s.actors[a].role == Role::mediator) mediator = a;
  }
  return table_of(analysis::space_of(s), mediator);
}

// A GENIUS domain and its profiles; its diagnostics to `diags` (nothing when they hold an error).
std::unique_ptr<Table> table_of(const GeniusInput& input, Diagnostics& diags, std::string& sha256) {
  if (!input.game.empty()) {
    const auto game = game::read(input.game, diags);
    if (!game || diags.error_count() > 0) return nullptr;
    sha256 = game->domain.sha256;
    return table_of(analysis::space_of(*game), std::nullopt);
  }
  const auto domain = genius::read(input.domain, input.profiles, diags);
  if (!domain || diags.error_count() > 0) return nullptr;
  sha256 = domain->sha256;
  return table_of(analysis::space_of(*domain), std::nullopt);
}

bool single_text(const std::string& protocol) {
  if (protocol == "saop") return false;
  if (protocol == "single-text") return true;
  throw OptionError("protocol", "{protocol} " + protocol + ": expected 'saop' or 'single-text'");
}

// Deadlines past this are beyond any negotiation studied (ANAC's run to a few thousand rounds), and a
// time-dependent agent's schedule takes 16 bytes a round.
constexpr std::size_t kMaxRounds = 100'000;

std::size_t positive_rounds(std::size_t rounds) {
  if (rounds == 0 || rounds > kMaxRounds) {
    throw OptionError("rounds",
                      "{rounds} " + std::to_string(rounds) + ": expected 1 to " + core::format_number(kMaxRounds));
  }
  return rounds;
}

// PARTY=NAME[:PARAM] for each party that is named, `fallback` for the others.
std::vector<sim::StrategySpec> assign(const sim::Outcomes& o, const SimulateOptions& options) {
  std::vector<std::optional<sim::StrategySpec>> chosen(o.party_count());
  std::vector<std::string> ids;
  for (const auto p : o.parties) ids.push_back(o.space->actors[p].id);
  for (const auto& item : options.strategies) {
    const auto eq = item.find('=');
    if (eq == std::string::npos) throw OptionError("strategy", "{strategy} " + item + ": expected PARTY=NAME[:PARAM]");
    const std::string id = item.substr(0, eq);
    const auto it = std::find(ids.begin(), ids.end(), id);
    if (it == ids.end())
      throw OptionError("strategy",
                        "{strategy} " + item + ": '" + id + "' is not a party; expected " + core::quoted_list(ids));
    auto& slot = chosen[static_cast<std::size_t>(it - ids.begin())];
    if (slot) throw OptionError("strategy", "{strategy} " + item + ": a strategy for " + id + " is already given");
    slot = sim::parse_strategy(item.substr(eq + 1));
  }
  for (const auto& [id, strategy] : options.custom) {
    const auto it = std::find(ids.begin(), ids.end(), id);
    if (it == ids.end())
      throw OptionError("strategy", "{strategy} " + id + "=" + strategy->name() + ": '" + id +
                                        "' is not a party; expected " + core::quoted_list(ids));
    auto& slot = chosen[static_cast<std::size_t>(it - ids.begin())];
    if (slot) throw OptionError("strategy", "{strategy} " + id + ": a strategy for " + id + " is already given");
    slot = detail::custom_spec(strategy, false);
  }
  std::vector<sim::StrategySpec> out;
  out.reserve(chosen.size());
  for (auto& c : chosen) out.push_back(c ? *c : sim::parse_strategy(options.fallback));
  return out;
}

// A simulation's trace is kept whole, a JSON tree of about 500 bytes a step: at most this many steps.
constexpr std::size_t kMaxTraceSteps = 1'000'000;

// Plays one negotiation from `r.start` (and r.events).
void play(report::SimulationReport& r, const SimulateOptions& options) {
  const bool mediated = single_text(options.protocol);
  const std::size_t n = r.start->party_count();
  const std::size_t per_round = mediated ? 2 * n + 1 : n;  // proposal, votes and acceptances; or one act each
  if (r.rounds * per_round > kMaxTraceSteps) {
    throw LimitError("--rounds " + std::to_string(r.rounds) + ": a simulation keeps its whole trace, and " +
                     std::to_string(r.rounds) + " rounds of " + std::to_string(n) + " parties could take " +
                     core::format_number(static_cast<double>(r.rounds * per_round)) + " steps (at most " +
                     core::format_number(static_cast<double>(kMaxTraceSteps)) + "); parley tournament keeps no trace");
  }
  const auto specs = assign(*r.start, options);
  std::vector<std::unique_ptr<sim::Strategy>> owned;
  std::vector<sim::Strategy*> agents;
  for (const auto& spec : specs) {
    owned.push_back(sim::make_strategy(spec));
    agents.push_back(owned.back().get());
    r.strategies.push_back(spec.text());
  }
  sim::Setup setup;
  setup.outcomes = r.start;
  setup.events = r.events;
  setup.rounds = r.rounds;
  setup.seconds = options.seconds;
  core::Stream rng(options.seed, 0, core::name_hash("simulate"));
  r.result = mediated ? sim::run_single_text(setup, agents, rng) : sim::run_saop(setup, agents, rng);
}

// A played negotiation in `format`.
std::string rendered(const report::SimulationReport& r, const Stamp& stamp, OutputFormat format) {
  return detail::in_format(
      format, [&] { return report::simulate_json(r, stamp); }, [&] { return report::simulate_csv(r); },
      [&] { return report::simulate_text(r, stamp); });
}

void check(const SimulateOptions& options) {
  (void)single_text(options.protocol);
  (void)positive_rounds(options.rounds);
  if (options.seconds && !(*options.seconds > 0))
    throw OptionError("time-limit", "{time-limit}: expected a positive number of seconds");
}

}  // namespace

}  // namespace parley::services

namespace parley {

// What a simulation's rendering needs: the tables its outcomes point into (a deque of pointers, so that they stay
// put) and the report.
struct SimulateResult::Internals {
  std::deque<std::unique_ptr<services::Table>> tables;
  report::SimulationReport report;
};

}  // namespace parley

namespace parley::services {

namespace {

// The typed result of a played negotiation (its rendering's data moved into it).
SimulateResult typed(std::shared_ptr<SimulateResult::Internals> in, const Stamp& stamp) {
  const report::SimulationReport& r = in->report;
  const sim::Outcomes& end = *r.result.outcomes;
  const auto party = [&](const sim::Outcomes& o, std::size_t i) -> std::optional<ActorId> {
    if (i >= o.party_count()) return std::nullopt;
    return ActorId{o.parties[i]};
  };
  // A package of the outcomes in force: its values, and its utilities and ratification as the simulation reads them.
  const auto package = [&](const sim::Outcomes& o, sim::Package x) {
    Package p;
    const auto grid = o.grid_indices(x);
    for (std::size_t k = 0; k < grid.size(); ++k) {
      const auto& issue = o.space->issues[k];
      p.values.push_back(detail::value_at(issue, issue.values[grid[k]]));
    }
    for (std::size_t i = 0; i < o.party_count(); ++i) p.utilities.push_back(o.u(x, i));
    p.ratification = sim::ratification(o, x);
    return p;
  };
  SimulateResult out;
  out.stamp = stamp;
  out.seed = r.seed;
  out.protocol = r.protocol;
  out.at = r.at;
  out.rounds = r.rounds;
  for (std::size_t i = 0; i < end.party_count(); ++i)
    out.parties.push_back({*party(end, i), r.strategies[i], end.reservation[i]});
  if (end.mediator) out.mediator = ActorId{*end.mediator};
  const auto& res = r.result;
  if (res.agreement) {
    out.agreement = package(end, *res.agreement);
    out.round = res.round;
    for (std::size_t i = 0; i < end.party_count(); ++i)
      out.expected_utilities.push_back(sim::expected_utility(end, *res.agreement, i));
    out.distance_to_pareto = sim::distance_to_frontier(end, *res.agreement);
    out.distance_to_nash = sim::distance_to_nash(end, *res.agreement);
  }
  for (std::size_t i = 0; i < end.party_count(); ++i)
    out.utilities.push_back(res.agreement ? end.u(*res.agreement, i) : end.reservation[i]);
  if (res.ended && !res.trace.empty()) out.ended_by = party(end, res.trace.back().party);
  out.timed_out = res.timed_out;
  for (const auto& step : res.trace) {
    const sim::Outcomes* o = r.start;
    for (const auto& e : r.events)
      if (e.round <= step.round) o = e.outcomes;
    SimulationStep st{step.round, party(*o, step.party), sim::act_name(step.act), std::nullopt};
    if (step.act != sim::Act::end) st.package = package(*o, step.package);
    out.trace.push_back(std::move(st));
  }
  out.internals = std::move(in);
  return out;
}

}  // namespace

std::string simulate(const Loaded& loaded, const SimulateOptions& options) {
  return render(simulate_result(loaded, options), options.format);
}

std::string render(const SimulateResult& result, OutputFormat format) {
  if (!result.internals) throw UsageError("a simulation result without its data (default-constructed)");
  return rendered(result.internals->report, result.stamp, format);
}

SimulateResult simulate_result(const Loaded& loaded, const SimulateOptions& options) {
  check(options);
  const Scenario& written = *loaded.scenario;
  const std::size_t rounds = options.rounds;
  const Scenario start = at(written, options.at);
  const std::size_t start_count = start.applied;
  auto in = std::make_shared<SimulateResult::Internals>();
  auto& tables = in->tables;
  tables.push_back(table_of(start));
  report::SimulationReport& r = in->report;
  r.at = scenario::point_id(start);
  r.protocol = options.protocol;
  r.rounds = rounds;
  r.seed = options.seed;
  r.start = &tables.front()->outcomes;
  for (const auto& e : options.events) {
    const auto at_sign = e.rfind('@');
    std::size_t round = 0, used = 0;
    const std::string point = at_sign == std::string::npos ? e : e.substr(0, at_sign);
    const std::string when = at_sign == std::string::npos ? std::string() : e.substr(at_sign + 1);
    try {
      round = std::stoul(when, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (when.empty() || used != when.size() ||
        !std::all_of(when.begin(), when.end(), [](char c) { return c >= '0' && c <= '9'; }))
      throw OptionError("event", "{event} " + e + ": expected POINT@ROUND");
    const auto count = scenario::points_until(written, point);
    if (!count || *count == 0) throw OptionError("event", "{event} " + e + ": '" + point + "' is not a timeline point");
    if (*count <= start_count) {
      throw OptionError("event", "{event} " + e + ": '" + point + "' is not after the starting point '" + r.at +
                                     "' (choose it with {at})");
    }
    if (round >= rounds) {
      throw OptionError("event", "{event} " + e + ": round " + when + " is past the deadline ({rounds} " +
                                     std::to_string(rounds) + ")");
    }
    tables.push_back(table_of(scenario::at_point(written, *count)));
    r.events.push_back({round, point, &tables.back()->outcomes});
  }
  std::stable_sort(r.events.begin(), r.events.end(), [](const auto& a, const auto& b) { return a.round < b.round; });
  play(r, options);
  return typed(std::move(in), detail::stamp_of(loaded.stamp, loaded.input, options));
}

WithDiagnostics<SimulateResult> simulate_genius_result(const GeniusInput& input, const SimulateOptions& options) {
  check(options);
  if (!options.at.empty() || !options.events.empty()) {
    throw OptionError("at", "{at} and {event} need a parley scenario; a GENIUS domain has no timeline");
  }
  WithDiagnostics<SimulateResult> out;
  std::string sha256;
  auto table = table_of(input, out.diagnostics, sha256);
  if (!table) return out;
  auto in = std::make_shared<SimulateResult::Internals>();
  in->tables.push_back(std::move(table));
  report::SimulationReport& r = in->report;
  r.at = "start";
  r.protocol = options.protocol;
  r.rounds = options.rounds;
  r.seed = options.seed;
  r.start = &in->tables.front()->outcomes;
  play(r, options);
  out.result =
      typed(std::move(in), detail::stamp_of(Stamp{std::string(version()), sha256, {}}, InputOptions{}, options));
  return out;
}

Analyzed simulate_genius(const GeniusInput& input, const SimulateOptions& options) {
  return detail::analyzed(simulate_genius_result(input, options), options.format);
}

}  // namespace parley::services

namespace parley {

// What a tournament's rendering needs: its report (the tables are not: a tournament's scores hold no pointer into
// them).
struct TournamentResult::Internals {
  report::TournamentReport report;
};

}  // namespace parley

namespace parley::services {

namespace {

MeanOf mean_of(const sim::Mean& m) {
  MeanOf out;
  out.count = m.count;
  if (m.count > 0) {
    out.mean = m.mean;
    out.sd = m.sd;
    out.ci95 = m.ci95;
  }
  return out;
}

StrategyScores scores_of(const std::string& strategy, const sim::StrategyScore& s) {
  return {strategy,           mean_of(s.utility),          mean_of(s.agreement),
          mean_of(s.welfare), mean_of(s.distance_to_nash), mean_of(s.rounds)};
}

TournamentResult typed_tournament(std::shared_ptr<TournamentResult::Internals> in, const Stamp& stamp) {
  const report::TournamentReport& r = in->report;
  TournamentResult out;
  out.stamp = stamp;
  out.seed = r.options.seed;
  out.protocol = r.options.single_text ? "single-text" : "saop";
  out.rounds = r.options.rounds;
  out.repetitions = r.options.repetitions;
  out.negotiations = r.result.negotiations;
  for (std::size_t j = 0; j < r.options.strategies.size(); ++j)
    out.strategies.push_back(scores_of(r.options.strategies[j].text(), r.result.scores[j]));
  for (std::size_t k = 0; k < r.files.size(); ++k) {
    TournamentScenario sc;
    sc.file = r.files[k];
    sc.roles = r.roles[k];
    sc.assignments = r.result.assignments[k];
    const auto& scores = r.result.scenarios[k];
    for (std::size_t j = 0; j < r.options.strategies.size(); ++j)
      sc.strategies.push_back(scores_of(r.options.strategies[j].text(), scores.by_strategy[j]));
    for (const auto& role : scores.by_role) {
      std::vector<RoleScores> per_strategy;
      per_strategy.reserve(role.size());
      for (const auto& s : role) per_strategy.push_back({mean_of(s.utility), mean_of(s.agreement)});
      sc.by_role.push_back(std::move(per_strategy));
    }
    out.scenarios.push_back(std::move(sc));
  }
  out.internals = std::move(in);
  return out;
}

}  // namespace

Tournament tournament_result(const std::vector<std::string>& inputs, const InputOptions& input,
                             const TournamentOptions& options, const Control& control) {
  Cluster* cluster = control.cluster;
  if (cluster != nullptr && cluster->size() <= 1) cluster = nullptr;
  sim::TournamentOptions t;
  t.single_text = single_text(options.protocol);
  t.rounds = positive_rounds(options.rounds);
  if (options.repetitions == 0) throw OptionError("repetitions", "{repetitions}: expected at least 1");
  t.repetitions = options.repetitions;
  t.seed = options.seed;
  t.threads = options.threads;
  if (options.strategies.empty() && options.custom.empty())
    throw OptionError("strategies", "{strategies}: name at least one strategy");
  for (const auto& s : options.strategies) t.strategies.push_back(sim::parse_strategy(s));
  for (const auto& s : options.custom) t.strategies.push_back(detail::custom_spec(s, true));
  Tournament out;
  auto in = std::make_shared<TournamentResult::Internals>();
  std::vector<std::unique_ptr<Table>> tables;
  std::vector<const sim::Outcomes*> outcomes;
  report::TournamentReport& r = in->report;
  std::string inputs_sha256;
  for (const auto& file : inputs) {
    std::unique_ptr<Table> table;
    std::string sha256;
    if (const auto genius = genius_input({file})) {
      table = table_of(*genius, out.diagnostics, sha256);
    } else {
      const Loaded loaded = load(file, input);
      for (const auto& d : loaded.diagnostics.all()) out.diagnostics.add(d);
      if (loaded.scenario) table = table_of(at(*loaded.scenario, ""));
      sha256 = loaded.stamp.scenario_sha256;
    }
    inputs_sha256 += sha256;
    if (!table) continue;
    tables.push_back(std::move(table));
    outcomes.push_back(&tables.back()->outcomes);
    r.files.push_back(file);
    r.parties.push_back(outcomes.back()->party_count());
    std::vector<std::string> roles;
    for (const std::size_t a : outcomes.back()->parties) roles.push_back(tables.back()->space.actors[a].id);
    r.roles.push_back(std::move(roles));
  }
  r.options = t;
  if (cluster == nullptr) {
    if (out.diagnostics.error_count() > 0) return out;
    core::Work work(control.cancel, detail::reporter(control));
    r.result = sim::run_tournament(outcomes, t, &work);
  } else {
    // Every rank reads the inputs and makes the plan, then meets the others once: a rank that failed stops all.
    std::optional<sim::TournamentPlan> plan;
    std::optional<DataError> failure;
    try {
      if (out.diagnostics.error_count() > 0) throw DataError("the inputs hold errors (rank 0 lists them)");
      plan = sim::plan_tournament(outcomes, t);
    } catch (const DataError& e) {
      failure = e;
    }
    try {
      join(*cluster, core::sha256_hex(inputs_sha256), failure ? &*failure : nullptr);
    } catch (const Error&) {
      if (out.diagnostics.error_count() > 0) return out;  // the diagnostics say it, on rank 0
      throw;
    }
    const auto rank = static_cast<std::size_t>(cluster->rank());
    const auto size = static_cast<std::size_t>(cluster->size());
    const std::size_t begin = plan->blocks * rank / size, end = plan->blocks * (rank + 1) / size;
    const auto parts = cluster->gather(sim::play_blocks(outcomes, t, *plan, begin, end));
    if (rank != 0) return out;
    r.result = sim::score(*plan, t, parts);
  }
  out.result = typed_tournament(std::move(in), detail::stamp_of(Stamp{std::string(version()), {}, {}}, input, options));
  return out;
}

Analyzed tournament(const std::vector<std::string>& inputs, const InputOptions& input, const TournamentOptions& options,
                    const Control& control) {
  Tournament t = tournament_result(inputs, input, options, control);
  Analyzed out;
  out.diagnostics = std::move(t.diagnostics);
  if (t.result) out.output = render(*t.result, options.format);
  return out;
}

std::string render(const TournamentResult& result, OutputFormat format) {
  if (!result.internals) throw UsageError("a tournament result without its data (default-constructed)");
  const report::TournamentReport& r = result.internals->report;
  return detail::in_format(
      format, [&] { return report::tournament_json(r, result.stamp); }, [&] { return report::tournament_csv(r); },
      [&] { return report::tournament_text(r); });
}

}  // namespace parley::services
