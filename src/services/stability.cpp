// `stability`: the graph model for conflict resolution, from the scenario's conflict section.
#include <algorithm>

#include "conflict/explain.hpp"
#include "conflict/model.hpp"
#include "conflict/paths.hpp"
#include "conflict/stability.hpp"
#include "core/text.hpp"
#include "doc/stream.hpp"
#include "parley/error.hpp"
#include "parley/services.hpp"
#include "report/stability.hpp"
#include "services/detail.hpp"

namespace parley {

struct StabilityResult::Internals {
  Scenario scenario;  // as loaded: the conflict section is not changed by the timeline
  std::optional<conflict::Model> model;
  report::StabilityReport report;  // its model is `model`
  services::StabilityOptions options;
};

}  // namespace parley

namespace parley::services {

namespace {

using conflict::Model;
using conflict::State;

// Past this many listed states a JSON or YAML tree would take over 2.5 GB in memory (about 4.5 KB each).
constexpr std::size_t kMaxListedStates = std::size_t{1} << 19;
constexpr std::size_t kMaxListedRows = std::size_t{1} << 22;
// Status quo routes listed, at most (each is a path of moves; the JSON of a route is a few hundred bytes).
constexpr std::size_t kMaxRoutes = 10000;
// Above this many states, coalition analysis runs only with an explicit --coalitions.
constexpr std::size_t kAutoCoalitionStates = 65536;
// States expanded by the coalition searches, over all coalitions and equilibria.
constexpr std::size_t kCoalitionBudget = std::size_t{2} << 30;

std::vector<std::string> dm_ids(const Model& m) {
  std::vector<std::string> ids;
  for (std::size_t k = 0; k < m.dm_count(); ++k) ids.push_back(m.dm(k).id);
  return ids;
}

std::size_t dm_index(const Model& m, const std::string& id, std::string_view flag) {
  const auto ids = dm_ids(m);
  const auto it = std::find(ids.begin(), ids.end(), id);
  if (it == ids.end()) {
    throw UsageError(std::string(flag) + " " + id + ": not a decision maker; expected " + core::quoted_list(ids));
  }
  return static_cast<std::size_t>(it - ids.begin());
}

State parse_state(const Scenario& s, const Model& m, const std::string& text) {
  const bool digits =
      !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits && text.size() <= 9) {
    const auto n = std::stoul(text);
    if (n >= 1 && n <= m.size()) return static_cast<State>(n - 1);
  }
  const bool letters = text.size() == m.option_count() &&
                       std::all_of(text.begin(), text.end(), [](char c) { return c == 'Y' || c == 'N'; });
  if (letters) {
    conflict::Code code = 0;
    for (std::size_t k = 0; k < text.size(); ++k) {
      if (text[k] == 'Y') code |= conflict::Code{1} << k;
    }
    if (const auto st = m.state_of(code)) return *st;
    throw OptionError("explain", "{explain} " + text + ": not a feasible state (an 'infeasible' statement removes it)");
  }
  throw OptionError("explain", "{explain} " + text + ": expected a state number from 1 to " + std::to_string(m.size()) +
                                   " or a pattern of " + std::to_string(m.option_count()) +
                                   " letters Y or N (options " + s.conflict->options.front().id + ", ...)");
}

std::vector<std::vector<std::size_t>> parse_coalitions(const Model& m, const std::string& text) {
  if (text == "all") return conflict::all_coalitions(m.dm_count());
  std::vector<std::vector<std::size_t>> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string item = text.substr(start, comma - start);
    std::vector<std::size_t> members;
    std::size_t p = 0;
    while (p <= item.size()) {
      const std::size_t plus = std::min(item.find('+', p), item.size());
      members.push_back(dm_index(m, item.substr(p, plus - p), "--coalitions"));
      p = plus + 1;
    }
    std::sort(members.begin(), members.end());
    if (std::adjacent_find(members.begin(), members.end()) != members.end() || members.size() < 2) {
      throw OptionError("coalitions",
                        "{coalitions} " + item + ": expected two or more different decision makers joined by '+'");
    }
    out.push_back(std::move(members));
    start = comma + 1;
  }
  return out;
}

bool list_all_states(const Model& m, const StabilityOptions& options) {
  if (options.states == "equilibria") return false;
  if (options.states == "all" || options.format == OutputFormat::csv) return true;
  const bool tree = options.format == OutputFormat::json || options.format == OutputFormat::yaml;
  return m.size() <= (tree ? std::size_t{65536} : std::size_t{64});
}

// Where the listing goes: into memory (a string, or a tree for Python), or handed on as it is written.
enum class Listing { in_memory, streamed };

// In memory a JSON or YAML tree takes about 4.5 KB a listed state and a string about 60 to 300 bytes: refuse what
// would not fit rather than run out of memory. Streamed, the listing never is in memory at once and any number is
// written; text lists at most 1,000 states either way (report/stability.cpp).
void check_listed(const report::StabilityReport& r, const StabilityOptions& options, Listing where) {
  if (where == Listing::streamed || options.format == OutputFormat::text) return;
  const bool tree = options.format == OutputFormat::json || options.format == OutputFormat::yaml;
  const std::size_t listed = r.all_states ? r.model->size() : r.equilibria.size();
  if (!tree && listed > kMaxListedRows) {
    throw LimitError(std::to_string(listed) + " listed states would make more than " + std::to_string(kMaxListedRows) +
                     " rows in memory; the command line writes any number as it goes");
  }
  if (!tree || listed <= kMaxListedStates) return;
  throw LimitError(std::to_string(listed) + (r.all_states ? " states" : " equilibrium states") +
                   " are too many to list in " + (options.format == OutputFormat::json ? "JSON" : "YAML") +
                   " in memory (at most " + std::to_string(kMaxListedStates) +
                   "); the command line writes any number as it goes" +
                   (r.all_states ? ", or use --states equilibria" : ""));
}

}  // namespace

namespace {

void require_conflict(const Scenario& s) {
  if (!s.conflict) {
    throw DataError(
        "the scenario has no 'conflict' section; parley stability analyses the graph model it "
        "describes (scenario-format.md, \"Conflict\")",
        s.file ? *s.file : std::string());
  }
}

// Every analysis the options ask for, on the model `m` of `s` (which the report points to).
report::StabilityReport analysed(const Scenario& s, const Model& m, const StabilityOptions& options, core::Work* work,
                                 Listing where) {
  conflict::StabilityOptions so;
  so.threads = options.threads;
  so.horizon = options.horizon;
  so.work = work;
  report::StabilityReport r;
  r.model = &m;
  r.stability = conflict::analyse_stability(m, so);
  r.equilibria = r.stability.equilibria_any();
  r.all_states = list_all_states(m, options);
  check_listed(r, options, where);
  if (s.conflict->status_quo) {
    const auto start = m.state_of(*s.conflict->status_quo);
    if (start) {
      // Routes are listed for the first kMaxRoutes equilibria: each route is a path of moves.
      std::vector<State> targets(r.equilibria.begin(), r.equilibria.begin() + static_cast<std::ptrdiff_t>(std::min(
                                                                                  r.equilibria.size(), kMaxRoutes)));
      r.status_quo = conflict::status_quo(m, *start, targets);
    }
  }
  // Coalition analysis can be the costliest part: by default it runs only where it is cheap and shown.
  if (options.coalitions == "auto") {
    if (options.format == OutputFormat::csv) {
      // CSV lists states only: nothing to compute.
    } else if (m.dm_count() > conflict::kMaxAllCoalitions) {
      r.coalitions_note = std::to_string(m.dm_count()) +
                          " decision makers form too many coalitions to try them "
                          "all; name the ones to study with --coalitions ID+ID,...";
    } else if (m.size() > kAutoCoalitionStates) {
      r.coalitions_note = "not analysed by default for " + std::to_string(m.size()) +
                          " states; ask with --coalitions all, or name coalitions with --coalitions ID+ID,...";
    } else {
      try {
        r.coalitions = conflict::coalitions(m, conflict::all_coalitions(m.dm_count()), r.equilibria, kCoalitionBudget,
                                            options.threads, work);
      } catch (const LimitError&) {
        r.coalitions_note =
            "stopped: every coalition would take too long here (opposed preferences make the "
            "sets to compare large); name coalitions with --coalitions ID+ID,...";
      }
    }
  } else if (options.coalitions != "none") {
    r.coalitions = conflict::coalitions(m, parse_coalitions(m, options.coalitions), r.equilibria, kCoalitionBudget,
                                        options.threads, work);
  }
  if (options.moves) {
    if (options.format != OutputFormat::json && options.format != OutputFormat::yaml) {
      throw OptionError("moves", "{moves} lists the state graph in JSON or YAML; add {format} json");
    }
    if (m.size() > kMaxGraphStates) {
      throw LimitError(std::to_string(m.size()) + " states are too many for --moves (at most " +
                       std::to_string(kMaxGraphStates) + "): the graph would not be readable");
    }
    r.moves.emplace();
    for (std::size_t k = 0; k < m.dm_count(); ++k) {
      for (State from = 0; from < m.size(); ++from) {
        m.for_each_move(k, from, [&](State to) { r.moves->push_back({from, to, k, m.rank(k, to) > m.rank(k, from)}); });
      }
    }
  }
  if (!options.dm.empty() && options.explain.empty()) throw OptionError("dm", "{dm} applies to {explain}");
  if (!options.explain.empty()) {
    r.explained = parse_state(s, m, options.explain);
    std::optional<std::size_t> dm;
    if (!options.dm.empty()) dm = dm_index(m, options.dm, "--dm");
    r.explanations = conflict::explain(m, r.stability, *r.explained, dm);
  }
  return r;
}

// `fn` of the report as listed in `format`: which states it lists depends on the format (check_listed), so it is
// decided again here, on the report itself when its listing already fits (no copy of a large analysis).
template <class Fn>
auto with_listing(const report::StabilityReport& r, const StabilityOptions& asked, OutputFormat format, Fn&& fn) {
  StabilityOptions options = asked;
  options.format = format;
  const bool all = list_all_states(*r.model, options);
  if (all == r.all_states) {
    check_listed(r, options, Listing::in_memory);
    return fn(r);
  }
  report::StabilityReport listed = r;
  listed.all_states = all;
  check_listed(listed, options, Listing::in_memory);
  return fn(listed);
}

// The report in `format`, handed to `sink` as it is written: a megabyte or so at a time for JSON, YAML and CSV (no
// tree of the output: ten times the size of the JSON, 347 MB for 26 MB at 16 options and 3 decision makers).
void write_report(const Scenario& s, const report::StabilityReport& r, const Stamp& stamp, OutputFormat format,
                  const std::function<void(std::string_view)>& sink) {
  std::string out;
  switch (format) {
    case OutputFormat::json: {
      doc::JsonStream json(out);
      json.spill(sink);
      report::emit_stability(json, s, r, stamp);
      break;
    }
    case OutputFormat::yaml: {
      doc::YamlStream yaml(out);
      yaml.spill(sink);
      report::emit_stability(yaml, s, r, stamp);
      break;
    }
    case OutputFormat::csv:
      report::stability_csv(s, r, sink);
      return;
    case OutputFormat::text:
      out = report::stability_text(s, r);
      break;
  }
  sink(out);
}

// The report as one string in `format`, its listing checked against the in-memory caps.
std::string rendered_in(const Scenario& s, const report::StabilityReport& report, const Stamp& stamp,
                        const StabilityOptions& asked, OutputFormat format) {
  return with_listing(report, asked, format, [&](const report::StabilityReport& r) {
    std::string out;
    write_report(s, r, stamp, format, [&](std::string_view piece) { out += piece; });
    return out;
  });
}

}  // namespace

std::string stability(const Loaded& loaded, const StabilityOptions& options, const Control& control) {
  return render(stability_result(loaded, options, control), options.format);
}

void stability_to(const Loaded& loaded, const StabilityOptions& options, const Control& control,
                  const std::function<void(std::string_view)>& sink) {
  const Scenario& s = *loaded.scenario;
  require_conflict(s);
  core::Work work(control.cancel, detail::reporter(control));
  const Model m = Model::build(s);
  // Everything that can fail happens here, before the first byte is handed on.
  const report::StabilityReport r = analysed(s, m, options, &work, Listing::streamed);
  write_report(s, r, detail::stamp_of(loaded.stamp, loaded.input, options), options.format, sink);
}

void detail::emit_stability(doc::Emitter& e, const Scenario& s, const Stamp& stamp, const StabilityOptions& options) {
  require_conflict(s);
  const Model m = Model::build(s);
  StabilityOptions json = options;
  json.format = OutputFormat::json;
  report::StabilityReport r = analysed(s, m, json, nullptr, Listing::in_memory);
  r.all_states = list_all_states(m, json);
  check_listed(r, json, Listing::in_memory);
  report::emit_stability(e, s, r, stamp);
}

namespace {

StabilityConcept concept_of(conflict::Concept c) {
  switch (c) {
    case conflict::Concept::nash:
      return StabilityConcept::nash;
    case conflict::Concept::gmr:
      return StabilityConcept::gmr;
    case conflict::Concept::smr:
      return StabilityConcept::smr;
    case conflict::Concept::seq:
      return StabilityConcept::seq;
    case conflict::Concept::sim:
      return StabilityConcept::sim;
    case conflict::Concept::limited:
      return StabilityConcept::limited;
  }
  return StabilityConcept::nash;
}

ConflictState state_of(const Scenario& s, const Model& m, State st) {
  return ConflictState{static_cast<std::size_t>(st) + 1, s.conflict->pattern(m.code(st))};
}

}  // namespace

StabilityResult stability_result(const Loaded& loaded, const StabilityOptions& options, const Control& control) {
  core::Work work(control.cancel, detail::reporter(control));
  return detail::stability_result(*loaded.scenario, detail::stamp_of(loaded.stamp, loaded.input, options), options,
                                  &work);
}

StabilityResult detail::stability_result(const Scenario& s, const Stamp& stamp, const StabilityOptions& options,
                                         core::Work* work) {
  require_conflict(s);
  auto in = std::make_shared<StabilityResult::Internals>();
  in->scenario = s;
  in->options = options;
  const Model& m = in->model.emplace(Model::build(s));
  in->report = analysed(s, m, options, work, Listing::in_memory);
  const report::StabilityReport& r = in->report;
  StabilityResult out;
  out.stamp = stamp;
  for (std::size_t k = 0; k < m.dm_count(); ++k) out.decision_makers.push_back(ActorId{m.dm(k).actor});
  for (const auto& o : s.conflict->options) out.options.push_back(o.id);
  out.states = m.size();
  const auto concepts = r.stability.concepts();
  for (const auto c : concepts) out.concepts.push_back(concept_of(c));
  for (const State e : r.equilibria) {
    StateVerdicts v;
    v.state = state_of(s, m, e);
    v.stable_for.resize(m.dm_count());
    for (std::size_t k = 0; k < m.dm_count(); ++k) {
      for (const auto c : concepts)
        if (r.stability.stable(k, e, c)) v.stable_for[k].push_back(concept_of(c));
    }
    for (const auto c : concepts)
      if (r.stability.equilibrium(e, c)) v.equilibrium.push_back(concept_of(c));
    out.equilibria.push_back(std::move(v));
  }
  if (r.status_quo) {
    out.status_quo = state_of(s, m, r.status_quo->start);
    for (const auto& t : r.status_quo->targets) {
      if (t.by_moves) out.reachable.push_back(state_of(s, m, t.state));
      if (t.by_improvements) out.reachable_by_improvements.push_back(state_of(s, m, t.state));
    }
  }
  if (r.coalitions) {
    for (const auto& c : *r.coalitions) {
      std::vector<ActorId> members;
      for (const std::size_t k : c.members) members.push_back(ActorId{m.dm(k).actor});
      for (const auto& u : c.upsets) {
        if (u.path.empty()) continue;
        out.coalition_upsets.push_back(
            CoalitionUpset{members, state_of(s, m, u.state), state_of(s, m, u.path.back().to), u.path.size()});
      }
    }
  }
  out.coalitions_note = r.coalitions_note;
  out.internals = std::move(in);
  return out;
}

std::string render(const StabilityResult& result, OutputFormat format) {
  if (!result.internals) throw UsageError("a stability result without its data (default-constructed)");
  const auto& in = *result.internals;
  return rendered_in(in.scenario, in.report, result.stamp, in.options, format);
}

doc::Node detail::tree(const StabilityResult& result) {
  if (!result.internals) throw UsageError("a stability result without its data (default-constructed)");
  const auto& in = *result.internals;
  return with_listing(in.report, in.options, OutputFormat::json, [&](const report::StabilityReport& r) {
    return report::stability_json(in.scenario, r, result.stamp);
  });
}

}  // namespace parley::services
