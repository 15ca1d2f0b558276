// The exchange model (Stokman & Van Oosten 1994, "The exchange of voting positions: an object-oriented model of
// policy networks", in Bueno de Mesquita & Stokman, European Community Decision Making; Stokman & Van Assen's
// Equal Gain solution), as Decide's maintained implementation (foarsitter/decide-exchange-model) runs it: actors
// who care about two issues differently trade voting positions, each moving on the issue it cares less about
// toward the other's position, so that the outcome (the capability x salience weighted mean) moves their way on
// the issue they care more about. docs/models.md §10 states it step by step and every place where Decide's code
// and the papers part.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "parley/scenario.hpp"

namespace parley::core {
class Work;
}

namespace parley::forecast {

/// The model's input: positions normalised to [0, 100] per issue (as Decide normalises them), saliences on
/// [0, 1] and capabilities. An actor-issue with capability x salience 0 is absent: it moves no outcome and Decide
/// divides by it.
struct ExchangeInput {
  std::size_t actors = 0, issues = 0;
  struct Cell {
    bool present = false;
    double x = 0, s = 0, c = 0;
  };
  std::vector<Cell> cells;  // issue-major: cells[k * actors + a]

  [[nodiscard]] const Cell& at(std::size_t issue, std::size_t actor) const { return cells[issue * actors + actor]; }
};

struct ExchangeOptions {
  int rounds = 10;  // Decide's default number of iterations
  /// Decide's `p` ("randomized Equal Gain"): 0 is the Equal Gain model; above 0 each exchange's gain is shared
  /// unequally by a random amount up to p of what one side could gain at most (docs/models.md §10.4).
  double p = 0;
  std::uint64_t seed = 1;
  /// How far each actor's position for the next round moves toward the voting position it gave in this one:
  /// fixed + salience_weight x (1 - salience) (Decide's FIXED_WEIGHT and SALIENCE_WEIGHT).
  double salience_weight = 0.4, fixed_weight = 0.1;
  /// Refuse before allocating when the candidate exchanges of a round would pass this many (about 170 bytes each:
  /// 20 million take some 3.4 GB).
  std::size_t max_candidates = 20'000'000;
};

/// One actor's side of an exchange: it moves on its supply issue toward the other's position there, and gains
/// on its demand issue, where the other moves its way.
struct ExchangeSide {
  std::size_t actor = 0, supply = 0, demand = 0;  // indices into the input's actors and issues
  double from = 0, to = 0;                        // supply position before and after (its voting position)
  double gain = 0;                                // its utility gain (salience-weighted shifts of the outcomes)
};

struct ExchangeMade {
  ExchangeSide i, j;
  double gain = 0;  // the Equal Gain, by which exchanges are ranked
};

struct ExchangeRound {
  std::vector<double> start;            // positions at the round's start, cells' layout; NaN where absent
  std::vector<double> start_outcome;    // per issue, the weighted mean of `start`
  std::vector<ExchangeMade> exchanges;  // in the order they were made
  std::vector<double> voting;           // positions after the exchanges (voting positions)
  std::vector<double> outcome;          // per issue, the weighted mean of `voting`
  std::size_t candidates = 0;           // exchanges possible at the round's start
};

struct ExchangeResult {
  std::vector<ExchangeRound> rounds;
  bool converged = false;  // Equal Gain only: a round made no exchange, so every later round would be the same
};

/// A scenario as the model reads it: every ordered issue of `issues` (nominal ones have no mean to move), and the
/// actors with a stance of weight on any of them.
struct ExchangeModel {
  ExchangeInput input;
  std::vector<std::size_t> issues, actors;  // the input's issues and actors in the scenario
  /// A model position (on [0, 100]) on the scenario issue's own scale (an option index on a discrete issue).
  [[nodiscard]] double on_scale(const Scenario& s, std::size_t model_issue, double x) const;
};
/// Positions are normalised to [0, 100] over the issue's scale (a discrete issue's options evenly spaced, as
/// KTAB's spatial model spaces them), saliences divided by 100; an actor-issue whose capability x salience is 0
/// is left out (docs/models.md §10.1).
[[nodiscard]] ExchangeModel exchange_model(const Scenario& s, const std::vector<std::size_t>& issues);

/// Runs the model for `options.rounds` rounds, or (without draws) until a round makes no exchange. Throws LimitError
/// when a round's candidates pass options.max_candidates.
[[nodiscard]] ExchangeResult run_exchange(const ExchangeInput& in, const ExchangeOptions& options,
                                          core::Work* work = nullptr);

}  // namespace parley::forecast
