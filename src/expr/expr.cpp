#include "expr/expr.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>

#include "parley/error.hpp"

namespace parley::expr {

std::size_t SymbolTable::add(Variable v) {
  if (index_.count(v.name) > 0) {
    throw Error(ExitCode::internal, "expression variable '" + v.name + "' added twice");
  }
  if (variables_.size() >= std::numeric_limits<std::uint32_t>::max()) {
    throw Error(ExitCode::internal, "too many expression variables");
  }
  const std::size_t index = variables_.size();
  index_.emplace(v.name, index);
  variables_.push_back(std::move(v));
  return index;
}

const Variable* SymbolTable::find(std::string_view name) const {
  const auto index = index_of(name);
  return index ? &variables_[*index] : nullptr;
}

std::optional<std::size_t> SymbolTable::index_of(std::string_view name) const {
  const auto it = index_.find(name);
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

Program::Program(std::string source, Type type, std::vector<detail::Instruction> code,
                 std::vector<std::size_t> variables_used)
    : source_(std::move(source)),
      type_(type),
      code_(std::move(code)),
      variables_used_(std::move(variables_used)),
      values_needed_(variables_used_.empty() ? 0 : variables_used_.back() + 1) {}

double Program::evaluate(std::span<const double> values) const {
  using detail::Op;
  if (values.size() < values_needed_) {
    throw Error(ExitCode::internal, "expression '" + source_ + "' evaluated with " + std::to_string(values.size()) +
                                        " values; it needs " + std::to_string(values_needed_));
  }
  // Sized by the compiler's nesting limit, so evaluation never allocates; left uninitialised
  // because only the slots below `top` are ever read.
  std::array<double, detail::kMaxStack> stack;
  std::size_t top = 0;
  for (const detail::Instruction& in : code_) {
    switch (in.op) {
      case Op::push:
        stack[top++] = in.value;
        continue;
      case Op::load_number:
        stack[top++] = values[in.index];
        continue;
      case Op::load_boolean:
        stack[top++] = values[in.index] != 0 ? 1.0 : 0.0;
        continue;
      case Op::negate:
        stack[top - 1] = -stack[top - 1];
        continue;
      case Op::logical_not:
        stack[top - 1] = stack[top - 1] != 0 ? 0.0 : 1.0;
        continue;
      default:
        break;
    }
    const double b = stack[--top];
    double& a = stack[top - 1];
    // Booleans on the stack are exactly 0 or 1 (loads normalise them), so == serves for `iff`.
    // Every comparison involving NaN is false, `!=` included (see docs/design/expressions.md).
    switch (in.op) {
      case Op::add:
        a = a + b;
        break;
      case Op::subtract:
        a = a - b;
        break;
      case Op::multiply:
        a = a * b;
        break;
      case Op::divide:
        a = a / b;
        break;
      case Op::less:
        a = a < b ? 1.0 : 0.0;
        break;
      case Op::less_equal:
        a = a <= b ? 1.0 : 0.0;
        break;
      case Op::greater:
        a = a > b ? 1.0 : 0.0;
        break;
      case Op::greater_equal:
        a = a >= b ? 1.0 : 0.0;
        break;
      case Op::equal:
        a = a == b ? 1.0 : 0.0;
        break;
      case Op::not_equal:
        a = (a < b || a > b) ? 1.0 : 0.0;
        break;
      case Op::logical_and:
        a = (a != 0 && b != 0) ? 1.0 : 0.0;
        break;
      case Op::logical_or:
        a = (a != 0 || b != 0) ? 1.0 : 0.0;
        break;
      case Op::implied_by:
        a = (a != 0 || b == 0) ? 1.0 : 0.0;
        break;
      case Op::equivalent:
        a = (a != 0) == (b != 0) ? 1.0 : 0.0;
        break;
      default:
        break;
    }
  }
  return stack[0];
}

namespace {

// A value on the program's stack as an affine function of at most one variable, a * x_variable + c; `affine`
// false for anything else (several variables, products of variables, booleans).
struct Form {
  bool affine = false;
  bool reads = false;  // whether it depends on `variable`
  std::uint32_t variable = 0;
  double a = 0, c = 0;
};

Form constant(double c) {
  return {true, false, 0, 0, c};
}

// a + sign * b, when that is affine in one variable.
Form sum(const Form& x, const Form& y, double sign) {
  if (!x.affine || !y.affine) return {};
  if (x.reads && y.reads && x.variable != y.variable) return {};
  Form out = x.reads ? x : y;
  out.affine = true;
  out.reads = x.reads || y.reads;
  out.a = x.a + sign * y.a;
  out.c = x.c + sign * y.c;
  return out;
}

Form scaled(const Form& x, double k) {
  Form out = x;
  out.a *= k;
  out.c *= k;
  return out;
}

}  // namespace

std::vector<Threshold> Program::thresholds() const {
  using detail::Op;
  std::vector<Threshold> out;
  std::vector<Form> stack;
  for (const detail::Instruction& in : code_) {
    switch (in.op) {
      case Op::push:
        stack.push_back(constant(in.value));
        continue;
      case Op::load_number:
        stack.push_back({true, true, in.index, 1, 0});
        continue;
      case Op::load_boolean:
        stack.emplace_back();
        continue;
      case Op::negate:
        stack.back() = stack.back().affine ? scaled(stack.back(), -1) : Form{};
        continue;
      case Op::logical_not:
        stack.back() = {};
        continue;
      default:
        break;
    }
    const Form y = stack.back();
    stack.pop_back();
    Form& x = stack.back();
    switch (in.op) {
      case Op::add:
        x = sum(x, y, 1);
        break;
      case Op::subtract:
        x = sum(x, y, -1);
        break;
      case Op::multiply:
        if (x.affine && y.affine && !y.reads) {
          x = scaled(x, y.c);
        } else if (x.affine && y.affine && !x.reads) {
          x = scaled(y, x.c);
        } else {
          x = {};
        }
        break;
      case Op::divide:
        x = x.affine && y.affine && !y.reads && y.c != 0 ? scaled(x, 1 / y.c) : Form{};
        break;
      case Op::less:
      case Op::less_equal:
      case Op::greater:
      case Op::greater_equal:
      case Op::equal:
      case Op::not_equal: {
        // x OP y changes where x - y = 0: a * v + c = 0.
        const Form d = sum(x, y, -1);
        if (d.affine && d.reads && d.a != 0 && std::isfinite(-d.c / d.a)) {
          const bool strict = in.op == Op::less || in.op == Op::greater || in.op == Op::not_equal;
          out.push_back({d.variable, -d.c / d.a, strict});
        }
        x = {};
        break;
      }
      default:
        x = {};
        break;
    }
  }
  return out;
}

namespace {

// A value on the stack for linear(): an affine function of any number of variables, a set of constraints (a
// condition made of comparisons and `and`), or neither.
struct Linear {
  enum class Kind { affine, constraints, other } kind = Kind::other;
  std::map<std::size_t, double> a;  // coefficients
  double c = 0;
  std::vector<LinearConstraint> constraints;
};

Linear affine_constant(double c) {
  Linear l;
  l.kind = Linear::Kind::affine;
  l.c = c;
  return l;
}

Linear combined(const Linear& x, const Linear& y, double sign) {
  Linear out = x;
  for (const auto& [v, k] : y.a) out.a[v] += sign * k;
  out.c += sign * y.c;
  return out;
}

Linear times(Linear x, double k) {
  for (auto& [v, coefficient] : x.a) coefficient *= k;
  x.c *= k;
  return x;
}

// d <= 0 (d < 0 when strict), d an affine form.
LinearConstraint at_most_zero(const Linear& d, bool strict) {
  LinearConstraint out;
  for (const auto& [v, k] : d.a)
    if (k != 0) out.terms.emplace_back(v, k);
  out.bound = -d.c;
  out.strict = strict;
  return out;
}

}  // namespace

std::optional<std::vector<LinearConstraint>> Program::linear() const {
  using detail::Op;
  using Kind = Linear::Kind;
  std::vector<Linear> stack;
  for (const detail::Instruction& in : code_) {
    switch (in.op) {
      case Op::push:
        stack.push_back(affine_constant(in.value));
        continue;
      case Op::load_number: {
        Linear l = affine_constant(0);
        l.a[in.index] = 1;
        stack.push_back(std::move(l));
        continue;
      }
      case Op::load_boolean:
        stack.emplace_back();
        continue;
      case Op::negate:
        if (stack.back().kind == Kind::affine) {
          stack.back() = times(stack.back(), -1);
        } else {
          stack.back() = {};
        }
        continue;
      case Op::logical_not:
        stack.back() = {};
        continue;
      default:
        break;
    }
    const Linear y = std::move(stack.back());
    stack.pop_back();
    Linear& x = stack.back();
    const bool both = x.kind == Kind::affine && y.kind == Kind::affine;
    Linear out;
    switch (in.op) {
      case Op::add:
      case Op::subtract:
        if (both) out = combined(x, y, in.op == Op::add ? 1 : -1);
        break;
      case Op::multiply:
        if (both && y.a.empty()) out = times(x, y.c);
        else if (both && x.a.empty()) out = times(y, x.c);
        break;
      case Op::divide:
        if (both && y.a.empty() && y.c != 0) out = times(x, 1 / y.c);
        break;
      case Op::less:
      case Op::less_equal:
      case Op::greater:
      case Op::greater_equal:
      case Op::equal: {
        if (!both) break;
        const Linear d = combined(x, y, -1);  // x - y
        out.kind = Kind::constraints;
        const bool strict = in.op == Op::less || in.op == Op::greater;
        if (in.op == Op::less || in.op == Op::less_equal || in.op == Op::equal)
          out.constraints.push_back(at_most_zero(d, strict));
        if (in.op == Op::greater || in.op == Op::greater_equal || in.op == Op::equal)
          out.constraints.push_back(at_most_zero(times(d, -1), strict));
        // A comparison of constants: no constraint when it holds, an impossible one when not.
        std::erase_if(out.constraints, [](const LinearConstraint& k) {
          return k.terms.empty() && (k.strict ? 0 < k.bound : 0 <= k.bound);
        });
        for (auto& k : out.constraints)
          if (k.terms.empty()) k = {{}, -1, false};
        break;
      }
      case Op::logical_and:
        if (x.kind == Kind::constraints && y.kind == Kind::constraints) {
          out = x;
          out.constraints.insert(out.constraints.end(), y.constraints.begin(), y.constraints.end());
        }
        break;
      default:
        break;
    }
    x = std::move(out);
  }
  if (stack.size() != 1 || stack.front().kind != Kind::constraints) return std::nullopt;
  return stack.front().constraints;
}

}  // namespace parley::expr
