#include "forecast/eum.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "forecast/eum_detail.hpp"
#include "forecast/eum_fast.hpp"
#include "parley/error.hpp"

namespace parley::forecast {

namespace {

void require(bool ok, const std::string& what) {
  if (!ok) throw UsageError("expected-utility model: " + what);
}

void validate(const EumInput& input, const EumOptions& options) {
  require(std::isfinite(input.min) && std::isfinite(input.max), "the scale's ends must be finite numbers");
  for (std::size_t i = 0; i < input.actors.size(); ++i) {
    const EumActor& a = input.actors[i];
    const std::string who = "actor " + std::to_string(i + 1);
    require(std::isfinite(a.position), who + " has a position that is not a finite number");
    require(std::isfinite(a.capability) && a.capability >= 0, who + " needs a capability >= 0");
    require(std::isfinite(a.salience) && a.salience >= 0 && a.salience <= 1, who + " needs a salience in [0, 1]");
    require(!a.risk || (std::isfinite(*a.risk) && *a.risk > 0), who + " needs a risk exponent > 0");
  }
  require(std::isfinite(options.q) && options.q >= 0 && options.q <= 1, "q must be in [0, 1]");
  require(options.rounds >= 0, "the number of rounds must be >= 0");
  require(std::isfinite(options.tolerance) && options.tolerance >= 0, "the tolerance must be >= 0");
}

// D: the scale's range, widened to cover every position (so that every distance / D lies in [0, 1]); 1 when
// even that is 0 (one position, and a scale with min >= max).
double range_of(const EumInput& input) {
  double lo = input.min, hi = input.max;
  for (const EumActor& a : input.actors) {
    lo = std::min(lo, a.position);
    hi = std::max(hi, a.position);
  }
  const double d = hi - lo;
  require(std::isfinite(d), "the scale and the positions span more than the largest number");
  return d > 0 ? d : 1.0;
}

detail::Model model_of(const EumInput& input, const EumOptions& options) {
  detail::Model m;
  for (const EumActor& a : input.actors) {
    m.weight.push_back(a.capability * a.salience);
    m.salience.push_back(a.salience);
    m.risk.push_back(a.risk);
  }
  m.range = range_of(input);
  m.q = options.q;
  m.variant = options.variant;
  m.threads = options.threads;
  return m;
}

Round make_round(int number, std::vector<double> positions, const detail::Model& model, const EumInput& input) {
  Round r;
  r.round = number;
  if (positions.empty()) {
    r.median = r.mean = input.min + (input.max - input.min) / 2;  // nobody holds a position: the scale's middle
  } else {
    r.median = weighted_median(positions, model.weight);
    r.mean = weighted_mean(positions, model.weight);
  }
  r.positions = std::move(positions);
  return r;
}

bool same(std::span<const double> a, std::span<const double> b, double tolerance) {
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!(std::fabs(a[i] - b[i]) <= tolerance)) return false;
  }
  return true;
}

}  // namespace

namespace detail {

EumResult run_model(const EumInput& input, const EumOptions& options, Stepper& stepper, const RoundCallback& on_round) {
  validate(input, options);
  const Model model = model_of(input, options);
  const double close = options.tolerance * model.range;
  EumResult result;
  std::vector<double> x;
  for (const EumActor& a : input.actors) x.push_back(a.position);
  result.rounds.push_back(make_round(0, x, model, input));
  result.stop = EumResult::Stop::rounds;
  bool go_on = !on_round || on_round(result.rounds.back());
  if (!go_on) result.stop = EumResult::Stop::cancelled;

  for (int t = 1; go_on && t <= options.rounds; ++t) {
    Step step = stepper.step(model, x);
    std::vector<double> next = x;
    for (const Move& m : step.moves) next[m.actor] = m.to;
    Round round = make_round(t, next, model, input);
    round.risk = std::move(step.risk);
    round.moves = std::move(step.moves);
    result.rounds.push_back(std::move(round));

    if (same(next, x, close)) {
      result.stop = EumResult::Stop::converged;
      go_on = false;
    } else {
      for (int s = t - 2; s >= 0; --s) {
        if (same(next, result.rounds[static_cast<std::size_t>(s)].positions, close)) {
          result.stop = EumResult::Stop::cycle;
          result.period = t - s;
          result.cycle_start = s;
          go_on = false;
          break;
        }
      }
    }
    if (on_round && !on_round(result.rounds.back()) && go_on) {
      result.stop = EumResult::Stop::cancelled;
      go_on = false;
    }
    x = std::move(next);
  }

  const int last = result.rounds.back().round;
  int shown = last;  // the round whose median the model would show at round `options.rounds`
  if (result.stop == EumResult::Stop::cycle) {
    const int phase = (options.rounds - last) % result.period;
    if (phase > 0) shown = last - result.period + phase;
  }
  result.forecast = result.rounds[static_cast<std::size_t>(shown)].median;
  // Whether that is one firm number, and the medians' range behind it.
  int from = last - last / 2;  // the last half of the rounds: rounds ceil(last / 2) to last
  int to = last;
  if (result.stop == EumResult::Stop::converged) from = last;
  if (result.stop == EumResult::Stop::cycle) from = result.cycle_start, to = last - 1;
  result.low = result.high = result.rounds[static_cast<std::size_t>(to)].median;
  for (int r = from; r <= to; ++r) {
    result.low = std::min(result.low, result.rounds[static_cast<std::size_t>(r)].median);
    result.high = std::max(result.high, result.rounds[static_cast<std::size_t>(r)].median);
  }
  result.settled = result.stop == EumResult::Stop::converged ||
                   (result.stop == EumResult::Stop::cycle && result.high - result.low <= close);
  return result;
}

}  // namespace detail

EumResult run_eum(const EumInput& input, const EumOptions& options, const RoundCallback& on_round) {
  detail::FastStepper stepper;
  return detail::run_model(input, options, stepper, on_round);
}

EumResult eum_reference(const EumInput& input, const EumOptions& options) {
  struct Reference final : detail::Stepper {
    detail::Step step(const detail::Model& model, std::span<const double> positions) override {
      return detail::reference_step(model, positions);
    }
  } stepper;
  return detail::run_model(input, options, stepper, {});
}

EumIssue eum_issue(const Scenario& scenario, std::size_t issue) {
  if (issue >= scenario.issues.size()) {
    throw UsageError("expected-utility model: no issue number " + std::to_string(issue + 1) + " in the scenario");
  }
  EumIssue out;
  out.input.min = scenario.issues[issue].min;
  out.input.max = scenario.issues[issue].max;
  for (std::size_t k = 0; k < scenario.actors.size(); ++k) {
    const Actor& actor = scenario.actors[k];
    const Stance* stance = actor.stance_on(issue);
    // A stance that values every option alike has no position to move from (docs/models.md §1.7).
    if (!stance || stance->flat()) continue;
    out.input.actors.push_back(
        {stance->position.central(), actor.capability.central(), stance->salience.central() / 100, actor.risk});
    out.actors.push_back(k);
  }
  return out;
}

}  // namespace parley::forecast
