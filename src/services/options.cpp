// The options registry (parley/options.hpp): every option of every task, once. Help texts say what the option does
// for every task that takes it; ranges and choices are the only validation the command line applies.
#include "parley/options.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <string>

#include "core/text.hpp"
#include "parley/error.hpp"
#include "parley/scenario.hpp"

namespace parley {

namespace {

using T = OptionType;

// The tasks that read a scenario file, and so take the input options.
constexpr std::string_view kReaders =
    "validate show convert analyze forecast stability sweep report simulate tournament";

// One entry: every field but the short alias, which is rare.
constexpr OptionInfo opt(std::string_view name, std::string_view tasks, T type, std::string_view default_text,
                         std::string_view choices, double min, double max, std::string_view unit,
                         std::string_view metavar, std::string_view help, std::string_view short_name = {}) {
  OptionInfo o;
  o.name = name;
  o.tasks = tasks;
  o.type = type;
  o.default_text = default_text;
  o.choices = choices;
  o.min = min;
  o.max = max;
  o.unit = unit;
  o.metavar = metavar;
  o.help = help;
  o.short_name = short_name;
  return o;
}

constexpr std::array kRegistry = {
    // Input, for every task that reads a scenario.
    opt("input-format", kReaders, T::choice, "", "yaml json csv xml gmcr decide", 0, 0, "", "",
        "Read the file as this format instead of guessing from its name (decide: Decide's exchange-model records, "
        "found by their first line in .csv and .txt files)"),
    opt("csv-scale", kReaders, T::text, "", "", 0, 0, "", "MIN:MAX",
        "Issue scale MIN:MAX of a BDM-style CSV table (actor, capability, position, salience)"),
    opt("csv-salience-max", kReaders, T::number, "", "", 0.001, 1e6, "", "S",
        "Saliences of a BDM-style CSV table are on [0, S] (1 for fractions, 100 for percentages)"),
    // Shared by several tasks: one meaning, one help.
    opt("at", "show analyze forecast sweep simulate", T::text, "", "", 0, 0, "", "ID",
        "Timeline point ('start' for before any point; default: after the last point)"),
    opt("threads", "analyze forecast stability sweep report tournament", T::integer, "0", "", 0, 1024, "threads", "",
        "Worker threads (0: one per core); results do not depend on it"),
    opt("seed", "forecast", T::integer, "", "", 0, 0, "", "S",
        "Exchange model, randomized variant, and spatial model, stochastic transitions: seed of their draws "
        "(default 1, or the scenario's); the same seed gives the same result"),
    opt("seed", "sweep report simulate tournament", T::integer, "1", "", 0, 0, "", "",
        "Seed of the random draws: the same seed gives the same result"),
    opt("quiet", "analyze forecast stability sweep report tournament", T::flag, "", "", 0, 0, "", "",
        "No progress bar (it shows only when standard error is a terminal)"),
    opt("output", "convert report", T::text, "-", "", 0, 0, "", "",
        "Output file ('-' for standard output); written atomically", "o"),
    // Output formats: one entry per set of formats.
    opt("format", "validate", T::choice, "text", "text json yaml", 0, 0, "", "",
        "text: FILE: ok per valid file, problems on standard error; json/yaml: every file with its located "
        "problems on standard output"),
    opt("format", "show", T::choice, "text", "text json", 0, 0, "", "", "Output format"),
    opt("format", "analyze", T::choice, "text", "text json yaml", 0, 0, "", "", "Output format"),
    opt("format", "forecast stability simulate tournament", T::choice, "text", "text json yaml csv", 0, 0, "", "",
        "Output format"),
    opt("format", "sweep", T::choice, "text", "text json yaml csv", 0, 0, "", "",
        "Output format (csv: every draw's outputs)"),
    opt("format", "report", T::choice, "html", "html md json", 0, 0, "", "",
        "html: a page with charts that opens offline; md: Markdown tables; json: the data the page is drawn "
        "from"),
    opt("format", "runs-show", T::choice, "text", "text json csv", 0, 0, "", "",
        "Output format (csv: the kept draws, as sweep --format csv)"),
    opt("to", "convert", T::choice, "", "yaml json", 0, 0, "", "", "Output format"),
    // analyze
    opt("timeline", "analyze", T::flag, "", "", 0, 0, "", "",
        "Analyse every timeline point and show how the gap changed"),
    opt("max-pareto", "analyze", T::integer, "1000", "", 0, 1e12, "packages", "",
        "Frontier packages listed in JSON/YAML (0: all); counts are always complete"),
    opt("min-ratification", "analyze sweep", T::number, "0", "", 0, 1, "probability", "",
        "What it would take looks only at packages ratified with at least this probability (0: any); it then "
        "runs even when a package is agreeable"),
    // forecast (and sweep --analysis forecast)
    opt("model", "forecast sweep", T::choice, "eum", "eum smp compromise exchange all", 0, 0, "", "",
        "Model: eum (expected utility, one issue at a time), smp (KTAB's spatial model, all issues), compromise "
        "(the weighted mean of the positions, Achen 2006), exchange (trades of voting positions across issues, "
        "Stokman & Van Oosten 1994), or all of them side by side with where they disagree"),
    opt("variant", "forecast sweep", T::choice, "scholz", "scholz bdm mean median equal-gain randomized", 0, 0, "", "",
        "eum variant: scholz (Scholz et al.'s code, reproduces published runs) or bdm (the paper's intent); "
        "compromise: mean (the default) or median; exchange: equal-gain (the default) or randomized (each "
        "exchange's gain shared unequally at random, --randomness, --seed)"),
    opt("randomness", "forecast sweep", T::number, "", "", 0, 1, "share", "P",
        "Exchange model, randomized variant: how unequally an exchange's gain may be shared, Decide's p in [0, 1] "
        "(0: Equal Gain; default 1)"),
    opt("q", "forecast sweep", T::number, "1", "", 0, 1, "probability", "",
        "Probability that the status quo persists, in [0, 1]"),
    opt("rounds", "forecast sweep", T::integer, "", "", 0, 100000, "rounds", "",
        "At most this many rounds (default: eum 10; smp 100 turns, as KTAB); the run may stop earlier"),
    opt("issue", "forecast sweep", T::text, "", "", 0, 0, "", "ID", "Forecast this issue only (default: every issue)"),
    // The spatial model's parameters, KTAB's <ModelParameters> (docs/models.md §6.9); unset: the scenario's
    // `models: smp:`, else KTAB's default. Choices are kSmpParameters' values (parley/scenario.hpp).
    opt("smp-victory", "forecast sweep", T::choice, "", kSmpParameters[0].values, 0, 0, "", "",
        "Spatial model: how a coalition's strength ratio becomes its chance of winning, linear (KTAB's default: "
        "2:1 wins 2/3), square, quartic, octic, or binary (a 10% edge wins outright). This and the other smp options "
        "override the scenario's models: smp: setting"),
    opt("smp-voting", "forecast sweep", T::choice, "", kSmpParameters[1].values, 0, 0, "", "",
        "Spatial model: an actor's vote from its difference in utility, proportional (KTAB's default), binary, "
        "prop-bin, prop-cubic, cubic, or asymmetric (gains count two-thirds of losses; its runs depend on queue "
        "order, which smpc does not fix, so smpc's own runs of it differ)"),
    opt("smp-pce", "forecast sweep", T::choice, "", kSmpParameters[2].values, 0, 0, "", "",
        "Spatial model: the probabilistic Condorcet election, conditional (KTAB's default) or a Markov chain of "
        "challenges, markov-incentive or markov-uniform"),
    opt("smp-transitions", "forecast sweep", T::choice, "", kSmpParameters[3].values, 0, 0, "", "",
        "Spatial model: each actor takes its most likely bargain (deterministic, KTAB's default) or one drawn by "
        "the probabilities (stochastic, --seed)"),
    opt("smp-risk-range", "forecast sweep", T::choice, "", kSmpParameters[4].values, 0, 0, "", "",
        "Spatial model: the range of the risk attitudes inferred from the winning probabilities: min [0, 1], mid "
        "[-1/2, 1] (KTAB's default) or max [-1, 1]"),
    opt("smp-risk-adjust", "forecast sweep", T::choice, "", kSmpParameters[5].values, 0, 0, "", "",
        "Spatial model: how far an actor credits another with its own risk attitude: none, one-third (KTAB's "
        "default), half, two-thirds or full"),
    opt("smp-third-party", "forecast sweep", T::choice, "", kSmpParameters[6].values, 0, 0, "", "",
        "Spatial model: what a third party joining a contest commits to, semi (KTAB's default; none and full "
        "leave third parties out of contests)"),
    opt("smp-interpolation", "forecast sweep", T::choice, "", kSmpParameters[7].values, 0, 0, "", "",
        "Spatial model: how a bargain splits the difference, by salience x probability (s1p1), their squares "
        "(s2p2, KTAB's default), or moving only the weaker side (s2pmax)"),
    opt("smp-bargain", "forecast sweep", T::choice, "", kSmpParameters[8].values, 0, 0, "", "",
        "Spatial model: the bargain a challenge offers, the challenger's (initiator, KTAB's default), the "
        "challenger's and the target's (initiator-receiver), or their compromise weighted by the two sides' "
        "saliences (power-weighted, as smpc computes it); the target's proposal follows smpc (docs/models.md §6.9)"),
    // stability (and sweep --analysis stability)
    opt("horizon", "stability sweep", T::integer, "", "", 1, 1000, "moves", "H",
        "Also limited-move stability L_h looking H moves ahead (two decision makers)"),
    opt("coalitions", "stability sweep", T::text, "auto", "", 0, 0, "", "",
        "Coalitions to test against the equilibria: auto (all, up to 65,536 states), all, none, or "
        "ID+ID[,ID+ID...]"),
    opt("explain", "stability", T::text, "", "", 0, 0, "", "STATE",
        "Explain why this state (number or Y/N pattern) is or is not stable, per decision maker and concept"),
    opt("dm", "stability", T::text, "", "", 0, 0, "", "ID", "With --explain: this decision maker only"),
    opt("states", "stability", T::choice, "auto", "auto all equilibria", 0, 0, "", "",
        "States listed: all, equilibria, or auto (all for small conflicts: 64 in text, 65,536 in JSON)"),
    opt("moves", "stability", T::flag, "", "", 0, 0, "", "",
        "JSON/YAML: list every unilateral move, marked when it is an improvement (the state graph; up to "
        "4,096 states)"),
    // sweep
    opt("analysis", "sweep", T::choice, "forecast", "analyze forecast stability", 0, 0, "", "",
        "The analysis run on every draw"),
    opt("draws", "sweep", T::integer, "1000", "", 0, 100000000, "draws", "", "Number of draws (0: none, with --vary)"),
    opt("replay", "sweep", T::integer, "", "", 0, 100000000, "", "K",
        "Rerun draw K alone, printing its inputs and the analysis's result"),
    opt("sensitivity", "sweep", T::flag, "", "", 0, 0, "", "",
        "Also the one-at-a-time swing of every uncertain input (tornado) and first-order variance shares"),
    opt("vary", "sweep", T::list, "", "", 0, 0, "", "PATH=A..B:STEPS",
        "Run over STEPS values of that number from A to B (repeat for a grid; --draws 0 runs each point at "
        "central values)"),
    opt("out", "sweep", T::text, "", "", 0, 0, "", "DB",
        "Store the run in this SQLite run store (created if missing; see parley runs)"),
    opt("keep-draws", "sweep", T::flag, "", "", 0, 0, "", "", "With --out: store every draw's outputs too"),
    opt("quantiles", "sweep", T::choice, "auto", "auto exact sketch", 0, 0, "", "",
        "exact: keep every draw's values (up to 1e8 values); sketch: keep none, each quantile within 0.098 % of "
        "its value; auto: exact while that fits"),
    // report
    opt("draws", "report", T::integer, "0", "", 0, 10000000, "draws", "",
        "Monte Carlo draws for the uncertainty section (forecast distributions, ZOPA probabilities, "
        "tornado); 0: no such section"),
    opt("quantiles", "report", T::choice, "auto", "auto exact sketch", 0, 0, "", "",
        "The forecast's draws: exact keeps them all (up to 1e8 values), sketch none (each quantile within 0.098 % "
        "of its value), auto exact while that fits; the analysis's draws are kept for the variance shares"),
    opt("created", "report", T::text, "", "", 0, 0, "", "TIME",
        "The creation time the report states (ISO 8601; default: SOURCE_DATE_EPOCH, else now)"),
    // simulate and tournament
    opt("protocol", "simulate tournament", T::choice, "saop", "saop single-text", 0, 0, "", "",
        "saop: stacked alternating offers; single-text: the mediator proposes, the parties vote"),
    opt("rounds", "simulate tournament", T::integer, "100", "", 1, 100000, "rounds", "",
        "Deadline in rounds (every party acts once a round)"),
    opt("strategy", "simulate", T::list, "", "", 0, 0, "", "PARTY=NAME",
        "PARTY=NAME[:PARAM], once per party; strategies: boulware[:E], linear, conceder[:E], tit-for-tat, "
        "hardliner, random[:P], frontier (E: concession exponent; P: acceptance probability)"),
    opt("default-strategy", "simulate", T::text, "boulware", "", 0, 0, "", "", "The strategy of the parties not named"),
    opt("time-limit", "simulate", T::number, "", "", 0.001, 1e6, "seconds", "SECONDS",
        "Also a deadline in wall-clock seconds (results then depend on the machine)"),
    opt("event", "simulate", T::list, "", "", 0, 0, "", "POINT@ROUND",
        "The later timeline point POINT takes effect at ROUND"),
    opt("strategies", "tournament", T::text, "", "", 0, 0, "", "A,B,...",
        "Comma-separated: boulware[:E], linear, conceder[:E], tit-for-tat, hardliner, random[:P], frontier "
        "(E: concession exponent; P: acceptance probability)"),
    opt("repetitions", "tournament", T::integer, "10", "", 1, 1e12, "repetitions", "",
        "Repetitions of each assignment of strategies to roles"),
    // serve: the neutral site's address and bounds (docs/serve.md, "Bounds")
    opt("db", "serve", T::text, "parley.db", "", 0, 0, "", "",
        "Store: an SQLite file (created when missing) or a postgresql:// URL"),
    opt("listen", "serve", T::text, "127.0.0.1:8080", "", 0, 0, "", "",
        "Address to listen on, HOST:PORT (port 0: any free port)"),
    opt("threads", "serve", T::integer, "0", "", 0, 4096, "requests", "",
        "Requests served at once, each on a worker thread (0: 128); connections waiting for their requests hold no "
        "thread"),
    opt("allow-host", "serve", T::list, "", "", 0, 0, "", "",
        "A host name the site answers to besides loopback and the --listen address (repeatable): the name clients "
        "use when it sits behind a proxy or is reached by name"),
    opt("round-budget", "serve", T::integer, "100", "", 1, 10000, "rounds", "",
        "Rounds the mediator may open in each new negotiation (declared in its public state)"),
    opt("work-budget", "serve", T::number, "2e+07", "", 1e3, 1e10, "evaluations", "",
        "Package evaluations one round may take (packages x parties x 2); a scenario past it is refused when "
        "posted"),
    opt("max-negotiations", "serve", T::integer, "10000", "", 1, 1e8, "negotiations", "",
        "Negotiations the store may hold in all"),
    opt("negotiations-per-client", "serve", T::integer, "100", "", 1, 1e8, "negotiations", "",
        "Negotiations one client address may create while the server runs"),
    opt("creations-per-minute", "serve", T::integer, "20", "", 1, 1e5, "negotiations", "",
        "Negotiations one client address may create in a minute"),
    opt("offers-deadline", "serve", T::number, "10", "", 0.001, 3600, "seconds", "",
        "Seconds a request waits for a round's offers, computed on threads of their own; past it the round stays "
        "unopened and the request is refused"),
    opt("connections-per-client", "serve", T::integer, "64", "", 1, 1e6, "connections", "",
        "Connections open at once from one client address (loopback, where a proxy sits, is not bounded)"),
    opt("request-deadline", "serve", T::integer, "10", "", 1, 3600, "seconds", "",
        "Seconds a connection may take to send its request; a slower one is answered 408 and closed"),
};

std::string shown(double x) {
  return core::format_number(x);
}

}  // namespace

std::string_view option_type_name(OptionType t) {
  switch (t) {
    case T::flag:
      return "flag";
    case T::integer:
      return "integer";
    case T::number:
      return "number";
    case T::text:
      return "text";
    case T::choice:
      return "choice";
    case T::list:
      return "list";
  }
  return "text";
}

namespace {

std::vector<std::string_view> words(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find(' ', start), text.size());
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace

bool OptionInfo::for_task(std::string_view task) const {
  for (const auto w : words(tasks))
    if (w == task) return true;
  return false;
}

bool OptionInfo::stamped() const {
  for (const std::string_view not_stamped : {"threads", "quiet", "format", "output", "out", "keep-draws", "created"})
    if (name == not_stamped) return false;
  return true;
}

std::vector<std::string_view> OptionInfo::choice_list() const {
  return words(choices);
}

std::span<const OptionInfo> option_registry() {
  return kRegistry;
}

std::vector<const OptionInfo*> options_of(std::string_view task) {
  std::vector<const OptionInfo*> out;
  for (const auto& o : kRegistry)
    if (o.for_task(task)) out.push_back(&o);
  return out;
}

const OptionInfo& option_info(std::string_view task, std::string_view name) {
  for (const auto& o : kRegistry)
    if (o.name == name && o.for_task(task)) return o;
  throw Error(ExitCode::internal,
              "the options registry has no option '" + std::string(name) + "' for " + std::string(task));
}

std::string option_problem(const OptionInfo& option, std::string_view value) {
  switch (option.type) {
    case T::flag:
    case T::text:
    case T::list:
      return {};
    case T::choice: {
      const auto choices = option.choice_list();
      for (const auto c : choices)
        if (c == value) return {};
      std::string expected;
      for (std::size_t k = 0; k < choices.size(); ++k)
        expected += (k == 0 ? "" : k + 1 == choices.size() ? " or " : ", ") + std::string(choices[k]);
      return "expected " + expected + ", found '" + std::string(value) + "'";
    }
    case T::integer:
    case T::number:
      break;
  }
  const bool integer = option.type == T::integer;
  const std::string what = integer ? "an integer" : "a number";
  const std::string range = option.ranged() ? " from " + shown(option.min) + " to " + shown(option.max) : "";
  double x = 0;
  const char* end = value.data() + value.size();
  const auto [ptr, ec] = std::from_chars(value.data(), end, x);
  const bool whole = ec == std::errc() && ptr == end && std::isfinite(x);
  // An integer is written with digits alone: "1e6" and "10.0" are numbers, not counts.
  const bool digits = !value.empty() && value.find_first_not_of("0123456789") == std::string_view::npos;
  if (!whole || (integer && !digits)) {
    return "expected " + what + range + ", found '" + std::string(value) + "'";
  }
  if (option.ranged() && (x < option.min || x > option.max)) {
    return "expected " + what + range + ", found " + std::string(value);
  }
  return {};
}

}  // namespace parley
