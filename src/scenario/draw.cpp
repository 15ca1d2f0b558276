// Drawing a scenario's uncertain numbers.
#include "scenario/draw.hpp"

#include <algorithm>
#include <cmath>

namespace parley::scenario {

namespace {

// Calls f(path, value, input-template) for every Uncertain of the scenario that analyses read, fixed or not.
template <class S, class F>
void for_each_number(S& s, F&& f) {
  for (auto& a : s.actors) {
    const std::string actor = "actors." + a.id + ".";
    UncertainInput capability;
    capability.low = 0;
    f(actor + "capability", a.capability, capability);
    if (a.no_deal) {
      UncertainInput no_deal;
      no_deal.low = 0;
      no_deal.high = 1;
      f(actor + "no_deal", *a.no_deal, no_deal);
    }
    for (auto& st : a.stances) {
      const Issue& issue = s.issues[st.issue];
      const std::string stance = actor + "stances." + issue.id + ".";
      UncertainInput on_scale;
      on_scale.low = issue.min;
      on_scale.high = issue.max;
      on_scale.discrete = issue.discrete;
      f(stance + "position", st.position, on_scale);
      UncertainInput salience;
      salience.low = 0;
      salience.high = 100;
      f(stance + "salience", st.salience, salience);
      if (st.reservation) f(stance + "reservation", *st.reservation, on_scale);
      if (st.at_least) f(stance + "at_least", *st.at_least, on_scale);
      if (st.at_most) f(stance + "at_most", *st.at_most, on_scale);
    }
  }
  for (auto& c : s.constraints) {
    UncertainInput probability;
    probability.low = 0;
    probability.high = 1;
    f("constraints." + c.id + ".pass_probability", c.pass_probability, probability);
  }
}

}  // namespace

std::vector<UncertainInput> uncertain_inputs(const Scenario& s) {
  std::vector<UncertainInput> out;
  for_each_number(s, [&](const std::string& path, const Uncertain& u, UncertainInput input) {
    if (u.is_fixed()) return;
    input.path = path;
    input.value = u;
    out.push_back(std::move(input));
  });
  return out;
}

double draw_value(const UncertainInput& input, core::Stream& rng) {
  const Uncertain& u = input.value;
  if (u.shape == Uncertain::Shape::fixed) return u.p[0];
  if (u.shape != Uncertain::Shape::normal) return quantile_value(input, rng.uniform());  // inverse transform
  double x = std::clamp(u.p[0] + u.p[1] * rng.normal(), input.low, input.high);
  if (input.discrete) x = std::round(x);
  return x;
}

double drawn_value(const UncertainInput& input, std::uint64_t seed, std::uint64_t k) {
  core::Stream rng(seed, k, core::name_hash(input.path));
  return draw_value(input, rng);
}

Scenario draw(const Scenario& s, std::uint64_t seed, std::uint64_t k) {
  return assign(s, [&](const UncertainInput& input) -> std::optional<double> {
    if (input.value.is_fixed()) return std::nullopt;
    return drawn_value(input, seed, k);
  });
}

std::vector<UncertainInput> all_inputs(const Scenario& s) {
  std::vector<UncertainInput> out;
  for_each_number(s, [&](const std::string& path, const Uncertain& u, UncertainInput input) {
    input.path = path;
    input.value = u;
    out.push_back(std::move(input));
  });
  return out;
}

Scenario assign(const Scenario& s, const std::function<std::optional<double>(const UncertainInput&)>& value) {
  Scenario out = s;
  for_each_number(out, [&](const std::string& path, Uncertain& u, UncertainInput input) {
    input.path = path;
    input.value = u;
    const auto x = value(input);
    if (!x) return;
    double v = std::clamp(*x, input.low, input.high);
    if (input.discrete) v = std::round(v);
    u = Uncertain::exactly(v);
  });
  // A one-sided limit is drawn apart from the position it bounds; a draw past the position would have the actor
  // refuse its own ideal, which no file may say (docs/models.md §7.2), so the limit stops at the position.
  for (auto& a : out.actors) {
    for (auto& st : a.stances) {
      if (st.prefers != Prefers::ideal || !st.position.is_fixed()) continue;
      const double p = st.position.p[0];
      if (st.at_least && st.at_least->is_fixed() && st.at_least->p[0] > p) st.at_least = Uncertain::exactly(p);
      if (st.at_most && st.at_most->is_fixed() && st.at_most->p[0] < p) st.at_most = Uncertain::exactly(p);
    }
  }
  return out;
}

namespace {

// The standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9).
double normal_quantile(double p) {
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                                 1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                 6.680131188771972e+01, -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                 -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                 3.754408661907416e+00};
  constexpr double low = 0.02425;
  if (p < low) {
    const double q = std::sqrt(-2 * std::log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - low) return -normal_quantile(1 - p);
  const double q = p - 0.5, r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

}  // namespace

double quantile_value(const UncertainInput& input, double q) {
  const Uncertain& u = input.value;
  double x = u.p[0];
  switch (u.shape) {
    case Uncertain::Shape::fixed:
      return x;
    case Uncertain::Shape::normal:
      x = u.p[0] + u.p[1] * normal_quantile(q);
      break;
    case Uncertain::Shape::uniform:
      x = u.p[0] + (u.p[1] - u.p[0]) * q;
      break;
    case Uncertain::Shape::triangular: {
      const double low = u.p[0], mode = u.p[1], high = u.p[2], width = high - low;
      if (width <= 0) {
        x = mode;
      } else if (q < (mode - low) / width) {
        x = low + std::sqrt(q * width * (mode - low));
      } else {
        x = high - std::sqrt((1 - q) * width * (high - mode));
      }
      break;
    }
  }
  x = std::clamp(x, input.low, input.high);
  if (input.discrete) x = std::round(x);
  return x;
}

}  // namespace parley::scenario
