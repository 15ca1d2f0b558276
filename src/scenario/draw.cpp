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
  double x = u.p[0];
  switch (u.shape) {
    case Uncertain::Shape::fixed: return x;
    case Uncertain::Shape::normal: x = u.p[0] + u.p[1] * rng.normal(); break;
    case Uncertain::Shape::uniform: x = u.p[0] + (u.p[1] - u.p[0]) * rng.uniform(); break;
    case Uncertain::Shape::triangular: {
      const double low = u.p[0], mode = u.p[1], high = u.p[2], width = high - low;
      const double v = rng.uniform();
      if (width <= 0) {
        x = mode;
      } else if (v < (mode - low) / width) {
        x = low + std::sqrt(v * width * (mode - low));
      } else {
        x = high - std::sqrt((1 - v) * width * (high - mode));
      }
      break;
    }
  }
  x = std::clamp(x, input.low, input.high);
  if (input.discrete) x = std::round(x);
  return x;
}

Scenario draw(const Scenario& s, std::uint64_t seed, std::uint64_t k) {
  Scenario out = s;
  for_each_number(out, [&](const std::string& path, Uncertain& u, UncertainInput input) {
    if (u.is_fixed()) return;
    input.value = u;
    core::Stream rng(seed, k, core::name_hash(path));
    u = Uncertain::exactly(draw_value(input, rng));
  });
  return out;
}

}  // namespace parley::scenario
