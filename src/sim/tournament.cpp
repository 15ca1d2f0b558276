#include "sim/tournament.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <type_traits>

#include "core/parallel.hpp"
#include "core/text.hpp"
#include "parley/error.hpp"

namespace parley::sim {

namespace {

constexpr std::size_t kBlock = 4096;  // negotiations per block, the unit of work shared out
constexpr std::size_t kStep = 256;    // negotiations per progress report (divides kBlock)

// Sums in fixed point (units of 2^-52), exact: integer addition is associative, so the scores do not depend on
// which thread or process added which negotiation, nor in what order (docs/simulate.md). A value and its square
// are each rounded to 2^-52 (about 2.2e-16) once, when added: 128 bits hold the sums of every tournament the
// limits allow (at most 1e11 negotiation-rounds, so a sum of squared rounds stays below 1e22 x 2^52).
__extension__ using Wide = __int128;
constexpr int kFixedBits = 52;

Wide fixed(double x) {
  const double scaled = x * 0x1p52;  // exact: a power of two
  static_assert(kFixedBits == 52);
  if (std::abs(scaled) < 0x1p62) return static_cast<Wide>(std::llround(scaled));  // utilities, rounds: nearly always
  // Past 2^62 a double is a whole multiple of 2^10: convert its high part separately (exactly), then the rest.
  const double high = std::floor(std::ldexp(scaled, -62));
  const double low = scaled - std::ldexp(high, 62);
  return (static_cast<Wide>(high) * (Wide{1} << 62)) + static_cast<Wide>(std::llround(low));
}

long double unfixed(Wide x) {
  return std::ldexp(static_cast<long double>(x), -kFixedBits);
}

struct Sum {
  Wide s = 0, s2 = 0;
  std::uint64_t n = 0;
  // The extremes, also order-free: equal ones mean no spread at all, whatever the rounding of the squares.
  double lo = std::numeric_limits<double>::infinity(), hi = -std::numeric_limits<double>::infinity();
  void add(double x) {
    s += fixed(x);
    s2 += fixed(x * x);
    ++n;
    lo = std::min(lo, x);
    hi = std::max(hi, x);
  }
  void add(const Sum& o) {
    s += o.s;
    s2 += o.s2;
    n += o.n;
    lo = std::min(lo, o.lo);
    hi = std::max(hi, o.hi);
  }
  [[nodiscard]] Mean mean() const {
    Mean m;
    m.count = n;
    if (n == 0) return m;
    const auto count = static_cast<long double>(n);
    const long double mean = unfixed(s) / count;
    m.mean = lo == hi ? lo : static_cast<double>(mean);
    const long double var = n > 1 && lo != hi ? std::max(0.0L, (unfixed(s2) - unfixed(s) * mean) / (count - 1)) : 0.0L;
    m.sd = static_cast<double>(std::sqrt(var));
    m.ci95 = 1.96 * m.sd / std::sqrt(static_cast<double>(n));
    return m;
  }
};

struct Sums {
  Sum utility, agreement, welfare, nash, rounds;
  void add(const Sums& o) {
    utility.add(o.utility);
    agreement.add(o.agreement);
    welfare.add(o.welfare);
    nash.add(o.nash);
    rounds.add(o.rounds);
  }
  [[nodiscard]] StrategyScore score() const {
    return {utility.mean(), agreement.mean(), welfare.mean(), nash.mean(), rounds.mean()};
  }
};

}  // namespace

TournamentPlan plan_tournament(std::span<const Outcomes* const> scenarios, const TournamentOptions& options) {
  const std::size_t S = options.strategies.size();
  if (S == 0) throw UsageError("a tournament needs at least one strategy");
  TournamentPlan plan;
  double total = 0;
  for (const Outcomes* o : scenarios) {
    const double assignments = std::pow(static_cast<double>(S), static_cast<double>(o->party_count()));
    plan.first.push_back(static_cast<std::size_t>(total));
    total += assignments * static_cast<double>(options.repetitions);
    if (total > kMaxNegotiations) {
      throw LimitError(core::format_number(total) +
                       " negotiations or more (strategies^parties x repetitions, summed over scenarios) are too many "
                       "for one tournament (at most " +
                       core::format_number(kMaxNegotiations) + ")");
    }
    plan.assignments.push_back(static_cast<std::size_t>(assignments));
    plan.roles.push_back(plan.cells);
    plan.cells += o->party_count() * S;
  }
  if (total * static_cast<double>(options.rounds) > kMaxWork) {
    throw LimitError(core::format_number(total) + " negotiations of up to " + std::to_string(options.rounds) +
                     " rounds are too much work for one tournament (at most " + core::format_number(kMaxWork) +
                     " negotiation-rounds); fewer repetitions or rounds");
  }
  plan.negotiations = static_cast<std::size_t>(total);
  plan.blocks = (plan.negotiations + kBlock - 1) / kBlock;
  return plan;
}

std::string play_blocks(std::span<const Outcomes* const> scenarios, const TournamentOptions& options,
                        const TournamentPlan& plan, std::size_t begin, std::size_t end, core::Work* work) {
  const std::size_t S = options.strategies.size();
  static_assert(std::is_trivially_copyable_v<Sums>);
  // Each task plays a contiguous run of blocks with one set of agents, so that a time-dependent agent computes
  // its schedule once per task, scenario and role, into sums of its own per (scenario, role, strategy) cell;
  // exact sums make the tasks' shares irrelevant to the result.
  const std::size_t count = end - begin;
  const std::size_t tasks = std::min<std::size_t>(count, std::size_t{4} * core::thread_count(options.threads));
  std::vector<std::vector<Sums>> by_task(tasks, std::vector<Sums>(plan.cells));
  if (work != nullptr) {
    work->phase("negotiations",
                std::min(plan.negotiations, end * kBlock) - std::min(plan.negotiations, begin * kBlock));
  }
  core::parallel_for(tasks, options.threads, [&](std::size_t task) {
    std::vector<Sums>& cells = by_task[task];
    std::size_t scenario = 0;
    std::vector<std::unique_ptr<Strategy>> cache;  // per role and strategy, for the scenario at hand
    std::size_t cached_for = scenarios.size();
    std::vector<Strategy*> agents;
    std::vector<std::size_t> who;
    for (std::size_t local = count * task / tasks; local < count * (task + 1) / tasks; ++local) {
      const std::size_t b = begin + local;
      const std::size_t last = std::min(plan.negotiations, (b + 1) * kBlock);
      for (std::size_t g = b * kBlock; g < last; ++g) {
        while (scenario + 1 < scenarios.size() && g >= plan.first[scenario + 1]) ++scenario;
        const Outcomes& o = *scenarios[scenario];
        const std::size_t n = o.party_count();
        if (cached_for != scenario) {
          cache.clear();
          cache.resize(n * S);
          cached_for = scenario;
        }
        // Negotiation g: assignment a (strategy of role i = digit i of a in base S), repetition g % repetitions.
        std::size_t a = (g - plan.first[scenario]) / options.repetitions;
        agents.assign(n, nullptr);
        who.assign(n, 0);
        for (std::size_t i = 0; i < n; ++i) {
          who[i] = a % S;
          a /= S;
          auto& slot = cache[i * S + who[i]];
          if (!slot) slot = make_strategy(options.strategies[who[i]]);
          agents[i] = slot.get();
        }
        Setup setup;
        setup.outcomes = &o;
        setup.rounds = options.rounds;
        setup.trace = false;
        core::Stream rng(options.seed, g, core::name_hash("tournament"));
        const Result r = options.single_text ? run_single_text(setup, agents, rng) : run_saop(setup, agents, rng);
        // An agreement stands with its ratification probability: it counts as that much of an agreement, and
        // each party gets its utility or, should the votes fail, its no-deal utility (docs/simulate.md).
        const double ratified = r.agreement ? ratification(o, *r.agreement) : 0.0;
        const auto got = [&](std::size_t i) {
          return r.agreement ? expected_utility(o, *r.agreement, i, ratified) : o.reservation[i];
        };
        double welfare = 0;
        for (std::size_t i = 0; i < n; ++i) welfare += got(i);
        const auto nash = r.agreement ? distance_to_nash(o, *r.agreement) : std::nullopt;
        for (std::size_t i = 0; i < n; ++i) {
          Sums& s = cells[plan.roles[scenario] + i * S + who[i]];
          s.utility.add(got(i));
          s.agreement.add(ratified);
          s.welfare.add(welfare);
          if (nash) s.nash.add(*nash);
          if (r.agreement) s.rounds.add(static_cast<double>(r.round));
        }
        // Progress, and a stop, every kStep negotiations: a block can take seconds.
        if (work != nullptr && ((g + 1) % kStep == 0 || g + 1 == last)) work->step((g % kStep) + 1);
      }
    }
  });
  std::vector<Sums> sums(plan.cells);
  for (const auto& t : by_task)
    for (std::size_t c = 0; c < plan.cells; ++c) sums[c].add(t[c]);
  // The blocks played, then the sums: score checks that every block was played exactly once.
  std::string bytes(2 * sizeof(std::uint64_t) + sums.size() * sizeof(Sums), '\0');
  const std::uint64_t range[2] = {begin, end};
  std::memcpy(bytes.data(), range, sizeof(range));
  if (!sums.empty()) std::memcpy(bytes.data() + sizeof(range), sums.data(), sums.size() * sizeof(Sums));
  return bytes;
}

TournamentResult score(const TournamentPlan& plan, const TournamentOptions& options,
                       const std::vector<std::string>& parts) {
  const std::size_t S = options.strategies.size();
  const std::size_t expected = 2 * sizeof(std::uint64_t) + plan.cells * sizeof(Sums);
  std::vector<Sums> cells(plan.cells);
  std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges;
  for (const auto& part : parts) {
    if (part.size() != expected) throw Error(ExitCode::internal, "tournament: a malformed part of sums");
    std::uint64_t range[2];
    std::memcpy(range, part.data(), sizeof(range));
    ranges.emplace_back(range[0], range[1]);
    std::vector<Sums> sums(plan.cells);
    if (!sums.empty()) std::memcpy(sums.data(), part.data() + sizeof(range), plan.cells * sizeof(Sums));
    for (std::size_t c = 0; c < plan.cells; ++c) cells[c].add(sums[c]);
  }
  std::sort(ranges.begin(), ranges.end());
  std::uint64_t covered = 0;
  for (const auto& [b, e] : ranges) {
    if (b != covered || e < b) throw Error(ExitCode::internal, "tournament: blocks missing or played twice");
    covered = e;
  }
  if (covered != plan.blocks) throw Error(ExitCode::internal, "tournament: blocks missing");
  TournamentResult out;
  out.negotiations = plan.negotiations;
  out.assignments = plan.assignments;
  std::vector<Sums> totals(S);
  for (std::size_t k = 0; k < plan.roles.size(); ++k) {
    const std::size_t roles = ((k + 1 < plan.roles.size() ? plan.roles[k + 1] : plan.cells) - plan.roles[k]) / S;
    TournamentResult::ScenarioScores scenario;
    std::vector<Sums> in_scenario(S);
    scenario.by_role.resize(roles);
    for (std::size_t i = 0; i < roles; ++i) {
      for (std::size_t j = 0; j < S; ++j) {
        const Sums& cell = cells[plan.roles[k] + i * S + j];
        scenario.by_role[i].push_back(cell.score());
        in_scenario[j].add(cell);
        totals[j].add(cell);
      }
    }
    for (const auto& t : in_scenario) scenario.by_strategy.push_back(t.score());
    out.scenarios.push_back(std::move(scenario));
  }
  for (const auto& t : totals) out.scores.push_back(t.score());
  return out;
}

TournamentResult run_tournament(std::span<const Outcomes* const> scenarios, const TournamentOptions& options,
                                core::Work* work) {
  const TournamentPlan plan = plan_tournament(scenarios, options);
  return score(plan, options, {play_blocks(scenarios, options, plan, 0, plan.blocks, work)});
}

}  // namespace parley::sim
