// Methods of the scenario's value types.
#include <algorithm>
#include <cmath>

#include "core/text.hpp"
#include "expr/expr.hpp"
#include "parley/scenario.hpp"

namespace parley {

double Uncertain::central() const {
  switch (shape) {
    case Shape::fixed:
    case Shape::normal:
      return p[0];
    case Shape::uniform:
      return (p[0] + p[1]) / 2;
    case Shape::triangular:
      return p[1];
  }
  return p[0];
}

std::vector<double> Uncertain::locations() const {
  switch (shape) {
    case Shape::fixed:
    case Shape::normal:
      return {p[0]};
    case Shape::uniform:
      return {p[0], p[1]};
    case Shape::triangular:
      return {p[0], p[1], p[2]};
  }
  return {p[0]};
}

std::vector<std::string> smp_value_names(std::size_t k, bool ktab) {
  const std::string_view list = ktab ? kSmpParameters.at(k).ktab_values : kSmpParameters.at(k).values;
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < list.size()) {
    const std::size_t end = std::min(list.find(' ', start), list.size());
    out.emplace_back(list.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string smp_option(std::size_t k) {
  std::string out = "smp-" + std::string(kSmpParameters.at(k).key);
  std::replace(out.begin(), out.end(), '_', '-');
  return out;
}

std::string smp_words(std::size_t k) {
  std::string out(kSmpParameters.at(k).key);
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

std::optional<std::size_t> smp_value_index(std::size_t k, std::string_view name, bool ktab) {
  const std::vector<std::string> names = smp_value_names(k, ktab);
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return i;
  }
  return std::nullopt;
}

std::string_view shape_name(Uncertain::Shape s) {
  switch (s) {
    case Uncertain::Shape::fixed:
      return "fixed";
    case Uncertain::Shape::normal:
      return "normal";
    case Uncertain::Shape::uniform:
      return "uniform";
    case Uncertain::Shape::triangular:
      return "triangular";
  }
  return "fixed";
}

std::size_t Issue::grid_size() const {
  if (discrete) return options.size();
  // Points strictly below max, then max itself; a last step shorter than `step` is kept.
  const double steps = (max - min) / step;
  // (max - min) / step can land a hair above a whole number in binary (1 / 0.1); that is not another point.
  auto below = static_cast<std::size_t>(std::ceil(steps - 1e-9 * std::max(1.0, steps)));
  return below + 1;
}

std::vector<double> Issue::grid() const {
  std::vector<double> out;
  const std::size_t n = grid_size();
  out.reserve(n);
  for (std::size_t k = 0; k + 1 < n; ++k) out.push_back(core::snap_decimal(min + static_cast<double>(k) * step));
  out.push_back(discrete ? static_cast<double>(options.size() - 1) : max);
  return out;
}

std::string_view role_name(Role r) {
  switch (r) {
    case Role::party:
      return "party";
    case Role::mediator:
      return "mediator";
    case Role::guarantor:
      return "guarantor";
    case Role::stakeholder:
      return "stakeholder";
  }
  return "party";
}

Interval acceptable_interval(const Issue& issue, const Stance& stance) {
  Interval out{issue.min, issue.max};
  if (stance.reservation) {
    const double p = stance.position.central();
    const double reach = std::abs(stance.reservation->central() - p);
    out = {std::max(issue.min, p - reach), std::min(issue.max, p + reach)};
  }
  if (stance.at_least) out.low = std::max(out.low, stance.at_least->central());
  if (stance.at_most) out.high = std::min(out.high, stance.at_most->central());
  if (!stance.acceptable.empty()) {
    out.low = static_cast<double>(stance.acceptable.front());
    out.high = static_cast<double>(stance.acceptable.back());
  }
  return out;
}

double Stance::value_of(const Issue& on, double x) const {
  if (on.discrete && !values.empty()) {
    const auto k = static_cast<std::size_t>(std::clamp(std::round(x), 0.0, static_cast<double>(values.size() - 1)));
    return values[k];
  }
  const double p = position.central();
  if (on.nominal()) return std::round(x) == std::round(p) ? 1.0 : 0.0;
  return std::clamp(1.0 - std::abs(x - p) / on.range(), 0.0, 1.0);
}

bool Stance::accepts(const Issue& on, double x, double tolerance) const {
  if (!acceptable.empty()) {
    const double k = std::round(x);
    return std::abs(x - k) <= tolerance + 1e-9 &&
           std::binary_search(acceptable.begin(), acceptable.end(), static_cast<std::size_t>(std::max(k, 0.0)));
  }
  const Interval in = acceptable_interval(on, *this);
  return x >= in.low - tolerance && x <= in.high + tolerance;
}

std::vector<std::size_t> Stance::accepted_options(const Issue& on) const {
  std::vector<std::size_t> out;
  for (std::size_t k = 0; k < on.options.size(); ++k) {
    if (accepts(on, static_cast<double>(k), 1e-9)) out.push_back(k);
  }
  return out;
}

const Stance* Actor::stance_on(std::size_t issue) const {
  for (const auto& s : stances) {
    if (s.issue == issue) return &s;
  }
  return nullptr;
}

std::string_view field_name(Field f) {
  switch (f) {
    case Field::capability:
      return "capability";
    case Field::risk:
      return "risk";
    case Field::no_deal:
      return "no_deal";
    case Field::position:
      return "position";
    case Field::salience:
      return "salience";
    case Field::reservation:
      return "reservation";
    case Field::at_least:
      return "at_least";
    case Field::at_most:
      return "at_most";
  }
  return "capability";
}

std::string_view direction_name(Direction d) {
  switch (d) {
    case Direction::both:
      return "both";
    case Direction::take:
      return "take";
    case Direction::drop:
      return "drop";
  }
  return "both";
}

std::string Conflict::pattern(std::uint64_t code) const {
  std::string out;
  for (std::size_t k = 0; k < options.size(); ++k) out += ((code >> k) & 1U) ? 'Y' : 'N';
  return out;
}

bool Conflict::feasible(std::uint64_t code) const {
  std::vector<double> values(options.size());
  for (std::size_t k = 0; k < options.size(); ++k) values[k] = ((code >> k) & 1U) ? 1.0 : 0.0;
  return std::none_of(infeasible.begin(), infeasible.end(),
                      [&](const Statement& s) { return s.program && s.program->holds(values); });
}

std::optional<std::size_t> Scenario::issue_index(std::string_view id) const {
  for (std::size_t i = 0; i < issues.size(); ++i) {
    if (issues[i].id == id) return i;
  }
  return std::nullopt;
}

std::optional<std::size_t> Scenario::actor_index(std::string_view id) const {
  for (std::size_t i = 0; i < actors.size(); ++i) {
    if (actors[i].id == id) return i;
  }
  return std::nullopt;
}

const Source* Scenario::source(std::string_view id) const {
  for (const auto& s : sources) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

}  // namespace parley
