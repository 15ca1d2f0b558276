// A small dense linear program: maximise c.z subject to A z <= b and z >= 0, by the two-phase simplex method
// with Bland's rule (Dantzig 1963; Bland 1977), which cannot cycle. Sized for the analysis's feasibility
// questions (hundreds of rows and columns), not for large sparse problems.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace parley::core {

struct LinearProgram {
  std::size_t columns = 0;             // variables z_0 .. z_{n-1}, each >= 0
  std::vector<std::vector<double>> a;  // rows of A, each `columns` long
  std::vector<double> b;               // right-hand sides, any sign
  std::vector<double> c;               // objective, `columns` long (empty: any feasible point)

  /// Adds the row `coefficients . z <= rhs`.
  void add(std::vector<double> coefficients, double rhs);
};

struct LinearSolution {
  std::vector<double> z;  // a feasible point, optimal for c
  double value = 0;       // c . z
};

/// A feasible point maximising c (nullopt when the constraints have no solution). An unbounded objective gives
/// a feasible point with the objective as far as the pivot that found it unbounded (callers bound their
/// objective). `tolerance` is the pivoting and feasibility tolerance.
[[nodiscard]] std::optional<LinearSolution> solve(const LinearProgram& lp, double tolerance = 1e-9);

}  // namespace parley::core
