// Per-issue statistics: where the actors stand and whether the parties' acceptable ranges meet
// (docs/models.md §1).
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "parley/scenario.hpp"

namespace parley::analysis {

/// The index of the option of a discrete issue nearest to a value of its scale (positions may lie between
/// options when they are drawn from a distribution).
[[nodiscard]] std::size_t nearest_option(const Issue& issue, double x);

struct IssueStats {
  std::size_t issue = 0;
  // Over actors with a stance, weighted by capability x salience; empty when every weight is 0. On a discrete
  // issue the median is an option's index and the mean and sd stay empty: a mean of option indices says
  // nothing about options, which are ordered but not spaced; option_weights says where the weight stands.
  std::optional<double> mean, median, sd;
  std::vector<double> option_weights;  // discrete issues: the share of the weight at each option (nearest)
  double lowest = 0, highest = 0;      // the extreme positions
  struct Interval {
    std::size_t actor;
    double low, high;
    bool reserved;                       // false: no limit, the whole scale
    std::vector<std::uint8_t> accepted;  // discrete issues: 1 or 0 per option
  };
  std::vector<Interval> intervals;  // every party, in input order
  bool zopa = true;                 // the parties' intervals intersect (discrete issues: some option is common)
  std::vector<std::size_t> common;  // discrete issues: the options every party accepts
  /// Nominal issues, which have no median: the option holding the most weight (the first of ties).
  std::optional<std::size_t> plurality;
  double low = 0, high = 0;  // the intersection, when it exists
  double gap = 0;            // else the distance between the nearest ends (largest low - smallest high)
  std::size_t blocking_low = 0, blocking_high = 0;  // the parties whose ends make the gap (high end, low end)
  struct Distance {
    std::size_t actor;
    double distance;  // |position - weighted median|
  };
  std::vector<Distance> farthest;  // actors with a stance, farthest from the median first
  struct Position {
    std::size_t actor;
    double position, salience;
    double weight;  // capability x salience: the actor's weight in the mean and median
  };
  std::vector<Position> positions;  // every actor with a stance, in input order
};

[[nodiscard]] std::vector<IssueStats> issue_stats(const Scenario& s);

}  // namespace parley::analysis
