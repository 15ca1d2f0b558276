#include "scenario/timeline.hpp"

#include <cmath>

#include "core/text.hpp"
#include "scenario/build.hpp"

namespace parley::scenario {

namespace {

Uncertain shifted(const Uncertain& u, const Change& c) {
  Uncertain out = u;
  const std::size_t locations = u.shape == Uncertain::Shape::triangular ? 3
                                : u.shape == Uncertain::Shape::uniform  ? 2
                                                                        : 1;
  for (std::size_t k = 0; k < locations; ++k) {
    out.p[k] = core::snap_decimal(c.mode == Change::Mode::percent ? u.p[k] * (1 + c.amount / 100) : u.p[k] + c.amount);
  }
  // A percentage scales a normal's spread with its mean; a shift leaves the spread alone.
  if (u.shape == Uncertain::Shape::normal && c.mode == Change::Mode::percent) {
    out.p[1] = core::snap_decimal(u.p[1] * (1 + c.amount / 100));
  }
  return out;
}

std::string describe(const Uncertain& u) {
  if (u.is_fixed()) return core::format_number(u.p[0]);
  std::string out = "a " + std::string(shape_name(u.shape)) + " distribution [";
  const std::size_t n = u.shape == Uncertain::Shape::triangular ? 3 : 2;
  for (std::size_t k = 0; k < n; ++k) out += (k > 0 ? ", " : "") + core::format_number(u.p[k]);
  return out + "]";
}

// Why `u` is not a valid value for the field, or nothing when it is.
std::optional<std::string> out_of_range(const Uncertain& u, const detail::Bounds& bounds, bool whole) {
  for (const double x : u.locations()) {
    if (!std::isfinite(x) || !bounds.contains(x)) return bounds.describe();
    if (whole && x != std::floor(x)) return "a whole option index";
  }
  if (u.shape == Uncertain::Shape::normal && u.p[1] < 0) return "with a standard deviation of at least 0";
  return std::nullopt;
}

}  // namespace

std::optional<std::string> apply_change(const Change& c, const std::vector<Issue>& issues, std::vector<Actor>& actors) {
  Actor& actor = actors[c.actor];
  const std::string what = "'" + std::string(field_name(c.field)) + "' of actor '" + actor.id + "'" +
                           (c.issue ? " on issue '" + issues[*c.issue].id + "'" : std::string());
  if (c.field == Field::risk) {
    if (c.mode != Change::Mode::absolute && !actor.risk) {
      return "a relative change needs a current value, but " + what + " is 'auto'; give a number";
    }
    const double next = core::snap_decimal(c.mode == Change::Mode::absolute  ? c.value.p[0]
                                           : c.mode == Change::Mode::percent ? *actor.risk * (1 + c.amount / 100)
                                                                             : *actor.risk + c.amount);
    if (!detail::bounds_of(Field::risk).contains(next)) {
      return "expected " + what + " in [0.5, 2] after this change, found " + core::format_number(next);
    }
    actor.risk = next;
    return std::nullopt;
  }
  std::optional<Uncertain>* optional_target = nullptr;
  Uncertain* target = nullptr;
  const Stance* side_check = nullptr;  // a stance whose one-sided limits must stay on their side of its position
  detail::Bounds bounds = detail::bounds_of(c.field);
  bool whole = false;
  if (c.issue) {
    Stance* stance = nullptr;
    for (auto& st : actor.stances) {
      if (st.issue == *c.issue) stance = &st;
    }
    if (stance == nullptr) return "actor '" + actor.id + "' has no stance on issue '" + issues[*c.issue].id + "'";
    const Issue& issue = issues[*c.issue];
    if (c.field != Field::salience) {
      bounds = {issue.min, issue.max};
      whole = issue.discrete;
    }
    if (c.field == Field::position) target = &stance->position;
    if (c.field == Field::salience) target = &stance->salience;
    if (c.field == Field::reservation) optional_target = &stance->reservation;
    if (c.field == Field::at_least) optional_target = &stance->at_least;
    if (c.field == Field::at_most) optional_target = &stance->at_most;
    // A reservation bounds both sides of the position, a one-sided limit one: a stance has one kind or the other.
    if (c.field == Field::reservation && (stance->at_least || stance->at_most)) {
      return what + ": the stance has a one-sided limit; change its 'at_least' or 'at_most'";
    }
    if ((c.field == Field::at_least || c.field == Field::at_most) && stance->reservation) {
      return what + ": the stance has a reservation, which bounds both sides; change its 'reservation'";
    }
    if (c.field == Field::at_least && stance->prefers == Prefers::less) {
      return what + ": the stance prefers less, so its limit is 'at_most'";
    }
    if (c.field == Field::at_most && stance->prefers == Prefers::more) {
      return what + ": the stance prefers more, so its limit is 'at_least'";
    }
    side_check = stance;
  } else if (c.field == Field::capability) {
    target = &actor.capability;
  } else {
    optional_target = &actor.no_deal;
  }
  if (optional_target != nullptr) {
    if (c.mode != Change::Mode::absolute && !optional_target->has_value()) {
      return "a relative change needs a current value, but " + what + " is not set; give an absolute value";
    }
    if (optional_target->has_value()) target = &**optional_target;
  }
  const Uncertain next = c.mode == Change::Mode::absolute ? c.value : shifted(*target, c);
  if (const auto problem = out_of_range(next, bounds, whole)) {
    return "expected " + what + " " + *problem + " after this change, found " + describe(next);
  }
  if (target != nullptr) {
    *target = next;
  } else {
    *optional_target = next;
  }
  if (side_check != nullptr && side_check->prefers == Prefers::ideal) {
    const double p = side_check->position.central();
    const Issue& issue = issues[*c.issue];
    const auto shown = [&](double v) {
      return issue.discrete ? "'" + issue.options[static_cast<std::size_t>(v)] + "'" : core::format_number(v);
    };
    if (side_check->at_least && side_check->at_least->central() > p) {
      return "after this change, 'at_least' of actor '" + actor.id + "' on issue '" + issue.id + "' (" +
             shown(side_check->at_least->central()) + ") lies above its position (" + shown(p) +
             "): the actor would refuse its own ideal point";
    }
    if (side_check->at_most && side_check->at_most->central() < p) {
      return "after this change, 'at_most' of actor '" + actor.id + "' on issue '" + issue.id + "' (" +
             shown(side_check->at_most->central()) + ") lies below its position (" + shown(p) +
             "): the actor would refuse its own ideal point";
    }
  }
  return std::nullopt;
}

Scenario at_point(const Scenario& as_written, std::size_t count) {
  Scenario s = as_written;
  for (std::size_t p = 0; p < count && p < s.timeline.size(); ++p) {
    for (const auto& change : s.timeline[p].changes) {
      // Every prefix was checked when the file was loaded, so a change here cannot fail.
      (void)apply_change(change, s.issues, s.actors);
    }
  }
  s.applied = std::min(count, s.timeline.size());
  return s;
}

std::optional<std::size_t> points_until(const Scenario& s, std::string_view id) {
  if (id == "start") return 0;
  for (std::size_t p = 0; p < s.timeline.size(); ++p) {
    if (s.timeline[p].id == id) return p + 1;
  }
  return std::nullopt;
}

std::string point_id(const Scenario& s) {
  return s.applied == 0 ? "start" : s.timeline[s.applied - 1].id;
}

}  // namespace parley::scenario
