#include "sim/tournament.hpp"

#include <cmath>
#include <cstring>
#include <memory>
#include <type_traits>

#include "core/parallel.hpp"
#include "core/text.hpp"
#include "parley/error.hpp"

namespace parley::sim {

namespace {

constexpr std::size_t kBlock = 4096;  // negotiations per block of sums (fixed, so sums do not depend on threads)

struct Sum {
  double s = 0, s2 = 0;
  std::size_t n = 0;
  void add(double x) {
    s += x;
    s2 += x * x;
    ++n;
  }
  void add(const Sum& o) {
    s += o.s;
    s2 += o.s2;
    n += o.n;
  }
  [[nodiscard]] Mean mean() const {
    Mean m;
    m.count = n;
    if (n == 0) return m;
    m.mean = s / static_cast<double>(n);
    const double var = n > 1 ? std::max(0.0, (s2 - s * m.mean) / static_cast<double>(n - 1)) : 0.0;
    m.sd = std::sqrt(var);
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
                        const TournamentPlan& plan, std::size_t begin, std::size_t end) {
  const std::size_t S = options.strategies.size();
  static_assert(std::is_trivially_copyable_v<Sums>);
  std::vector<Sums> sums((end - begin) * S);
  // Each task plays a contiguous run of blocks with one set of agents, so that a time-dependent agent computes
  // its schedule once per task, scenario and role; the sums stay per block, whatever the tasks.
  const std::size_t count = end - begin;
  const std::size_t tasks = std::min<std::size_t>(count, std::size_t{4} * core::thread_count(options.threads));
  core::parallel_for(tasks, options.threads, [&](std::size_t task) {
    std::size_t scenario = 0;
    std::vector<std::unique_ptr<Strategy>> cache;  // per role and strategy, for the scenario at hand
    std::size_t cached_for = scenarios.size();
    std::vector<Strategy*> agents;
    std::vector<std::size_t> who;
    for (std::size_t local = count * task / tasks; local < count * (task + 1) / tasks; ++local) {
      const std::size_t b = begin + local;
      Sums* block = &sums[local * S];
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
          return r.agreement ? ratified * o.u(*r.agreement, i) + (1 - ratified) * o.reservation[i] : o.reservation[i];
        };
        double welfare = 0;
        for (std::size_t i = 0; i < n; ++i) welfare += got(i);
        const auto nash = r.agreement ? distance_to_nash(o, *r.agreement) : std::nullopt;
        for (std::size_t i = 0; i < n; ++i) {
          Sums& s = block[who[i]];
          s.utility.add(got(i));
          s.agreement.add(ratified);
          s.welfare.add(welfare);
          if (nash) s.nash.add(*nash);
          if (r.agreement) s.rounds.add(static_cast<double>(r.round));
        }
      }
    }
  });
  std::string bytes(sums.size() * sizeof(Sums), '\0');
  if (!sums.empty()) std::memcpy(bytes.data(), sums.data(), bytes.size());
  return bytes;
}

TournamentResult score(const TournamentPlan& plan, const TournamentOptions& options,
                       const std::vector<std::string>& parts) {
  const std::size_t S = options.strategies.size();
  std::vector<Sums> totals(S);
  std::size_t blocks = 0;
  for (const auto& part : parts) {
    if (part.size() % (S * sizeof(Sums)) != 0) throw Error(ExitCode::internal, "tournament: a malformed block of sums");
    std::vector<Sums> sums(part.size() / sizeof(Sums));
    if (!sums.empty()) std::memcpy(sums.data(), part.data(), part.size());
    for (std::size_t k = 0; k < sums.size(); ++k) totals[k % S].add(sums[k]);
    blocks += sums.size() / S;
  }
  if (blocks != plan.blocks) throw Error(ExitCode::internal, "tournament: blocks of sums missing");
  TournamentResult out;
  out.negotiations = plan.negotiations;
  out.assignments = plan.assignments;
  for (const auto& t : totals) {
    out.scores.push_back({t.utility.mean(), t.agreement.mean(), t.welfare.mean(), t.nash.mean(), t.rounds.mean()});
  }
  return out;
}

TournamentResult run_tournament(std::span<const Outcomes* const> scenarios, const TournamentOptions& options) {
  const TournamentPlan plan = plan_tournament(scenarios, options);
  return score(plan, options, {play_blocks(scenarios, options, plan, 0, plan.blocks)});
}

}  // namespace parley::sim
