#include "core/lp.hpp"

#include <cmath>
#include <utility>

namespace parley::core {

void LinearProgram::add(std::vector<double> coefficients, double rhs) {
  coefficients.resize(columns, 0.0);
  a.push_back(std::move(coefficients));
  b.push_back(rhs);
}

namespace {

// The tableau: m rows of [columns | rhs], the basic column of each row, and the columns allowed to enter.
struct Tableau {
  std::size_t m = 0, n = 0;  // rows, columns (without the rhs)
  std::vector<double> t;     // row-major, m x (n + 1)
  std::vector<std::size_t> basis;
  std::vector<bool> may_enter;

  double& at(std::size_t i, std::size_t j) { return t[i * (n + 1) + j]; }
  [[nodiscard]] double at(std::size_t i, std::size_t j) const { return t[i * (n + 1) + j]; }

  void pivot(std::size_t row, std::size_t col) {
    const double p = at(row, col);
    for (std::size_t j = 0; j <= n; ++j) at(row, j) /= p;
    for (std::size_t i = 0; i < m; ++i) {
      if (i == row) continue;
      const double f = at(i, col);
      if (f == 0) continue;
      for (std::size_t j = 0; j <= n; ++j) at(i, j) -= f * at(row, j);
    }
    basis[row] = col;
  }

  // Maximises obj . x from the current basic feasible solution, by Bland's rule: the entering column is the
  // lowest-numbered one that improves, the leaving row the one with the lowest-numbered basic column among the
  // tied ratios. Returns false when the objective is unbounded.
  bool maximise(const std::vector<double>& obj, double tol) {
    for (;;) {
      std::size_t enter = n;
      for (std::size_t j = 0; j < n && enter == n; ++j) {
        if (!may_enter[j]) continue;
        double reduced = obj[j];
        for (std::size_t i = 0; i < m; ++i) reduced -= obj[basis[i]] * at(i, j);
        if (reduced > tol) enter = j;
      }
      if (enter == n) return true;
      std::size_t leave = m;
      double best = 0;
      for (std::size_t i = 0; i < m; ++i) {
        const double x = at(i, enter);
        if (x <= tol) continue;
        const double ratio = at(i, n) / x;
        if (leave == m || ratio < best - tol || (std::abs(ratio - best) <= tol && basis[i] < basis[leave])) {
          leave = i;
          best = ratio;
        }
      }
      if (leave == m) return false;
      pivot(leave, enter);
    }
  }
};

}  // namespace

std::optional<LinearSolution> solve(const LinearProgram& lp, double tolerance) {
  const std::size_t m = lp.a.size(), cols = lp.columns;
  // Columns: the variables, a slack per row, an artificial per row whose right-hand side is negative.
  std::vector<std::size_t> artificial_of(m, 0);
  std::size_t artificials = 0;
  for (std::size_t i = 0; i < m; ++i)
    if (lp.b[i] < 0) artificial_of[i] = cols + m + artificials++;
  Tableau tab;
  tab.m = m;
  tab.n = cols + m + artificials;
  tab.t.assign(m * (tab.n + 1), 0.0);
  tab.basis.assign(m, 0);
  tab.may_enter.assign(tab.n, true);
  for (std::size_t i = 0; i < m; ++i) {
    // a.z + s = b; a row with b < 0 is negated, -a.z - s + r = -b, and starts on its artificial r.
    const double sign = lp.b[i] < 0 ? -1.0 : 1.0;
    for (std::size_t j = 0; j < cols; ++j) tab.at(i, j) = sign * lp.a[i][j];
    tab.at(i, cols + i) = sign;
    tab.at(i, tab.n) = sign * lp.b[i];
    if (lp.b[i] < 0) {
      tab.at(i, artificial_of[i]) = 1;
      tab.basis[i] = artificial_of[i];
    } else {
      tab.basis[i] = cols + i;
    }
  }
  if (artificials > 0) {
    // Phase 1: minimise the artificials' sum; the constraints have a solution when it reaches 0.
    std::vector<double> phase1(tab.n, 0.0);
    for (std::size_t j = cols + m; j < tab.n; ++j) phase1[j] = -1;
    tab.maximise(phase1, tolerance);
    double infeasibility = 0;
    for (std::size_t i = 0; i < m; ++i)
      if (tab.basis[i] >= cols + m) infeasibility += tab.at(i, tab.n);
    if (infeasibility > tolerance * static_cast<double>(m + 1)) return std::nullopt;
    // Artificials left in the basis at level 0 leave it for any other column with a nonzero entry in their row;
    // where there is none the row is redundant. No artificial enters again.
    for (std::size_t i = 0; i < m; ++i) {
      if (tab.basis[i] < cols + m) continue;
      for (std::size_t j = 0; j < cols + m; ++j) {
        if (std::abs(tab.at(i, j)) > tolerance) {
          tab.pivot(i, j);
          break;
        }
      }
    }
    for (std::size_t j = cols + m; j < tab.n; ++j) tab.may_enter[j] = false;
  }
  std::vector<double> objective(tab.n, 0.0);
  for (std::size_t j = 0; j < cols && j < lp.c.size(); ++j) objective[j] = lp.c[j];
  if (!lp.c.empty()) tab.maximise(objective, tolerance);
  LinearSolution out;
  out.z.assign(cols, 0.0);
  for (std::size_t i = 0; i < m; ++i)
    if (tab.basis[i] < cols) out.z[tab.basis[i]] = tab.at(i, tab.n);
  for (std::size_t j = 0; j < cols && j < lp.c.size(); ++j) out.value += lp.c[j] * out.z[j];
  return out;
}

}  // namespace parley::core
