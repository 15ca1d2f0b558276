// Compiles constraint and graph-model expressions to flat programs that evaluate without allocating.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parley/diagnostics.hpp"

namespace parley::expr {

enum class Type { number, boolean };

/// A name an expression may use. `options` lists a discrete issue's option names in order
/// (option k has value k); only a number variable with options can be compared with "quoted" names.
struct Variable {
  std::string name;
  Type type = Type::number;
  std::vector<std::string> options = {};
  /// Options with no order (a nominal issue): the variable may only be compared for equality (`==`, `!=`).
  bool nominal = false;
};

/// The names one kind of expression may use, and the noun that messages call them by.
class SymbolTable {
 public:
  /// `what` names a variable in messages: "issue id" gives "expected an issue id".
  explicit SymbolTable(std::string what = "name") : what_(std::move(what)) {}

  /// Returns the new variable's index, the position of its value in `Program::evaluate`'s span.
  /// Names must be unique: adding one twice is a bug in the caller and throws parley::Error.
  std::size_t add(Variable v);

  [[nodiscard]] const Variable* find(std::string_view name) const;
  [[nodiscard]] std::optional<std::size_t> index_of(std::string_view name) const;
  [[nodiscard]] std::span<const Variable> variables() const { return variables_; }
  [[nodiscard]] std::size_t size() const { return variables_.size(); }
  [[nodiscard]] std::string_view what() const { return what_; }

 private:
  std::string what_;
  std::vector<Variable> variables_;
  std::map<std::string, std::size_t, std::less<>> index_;
};

namespace detail {

enum class Op : std::uint8_t {
  // operands
  push,
  load_number,
  load_boolean,
  // unary
  negate,
  logical_not,
  // binary
  add,
  subtract,
  multiply,
  divide,
  less,
  less_equal,
  greater,
  greater_equal,
  equal,
  not_equal,
  logical_and,
  logical_or,
  implied_by,  // `a if b`
  equivalent,  // `a iff b`
};

/// One postfix instruction: `push` uses `value`, the loads use `index`.
struct Instruction {
  double value = 0;
  std::uint32_t index = 0;
  Op op = Op::push;
};

/// Bounds the evaluation stack so that `evaluate` can keep it in a fixed local array. Each level of
/// parentheses holds at most 7 pending operands (one per binary precedence level), so
/// 7 * (kMaxNesting + 1) + 1 values always fit in kMaxStack.
inline constexpr std::size_t kMaxNesting = 64;
inline constexpr std::size_t kMaxStack = 512;
static_assert(7 * (kMaxNesting + 1) + 1 <= kMaxStack);

class Compiler;

}  // namespace detail

/// Where a comparison in a program changes its answer along one variable: the comparison reads that variable
/// alone, through an affine expression (`2 * territory + 10 <= 50` changes at territory = 20).
struct Threshold {
  std::size_t variable = 0;
  double value = 0;
  bool strict = false;  // `<`, `>` or `!=`: the comparison's answer at `value` differs from that on both sides
};

/// One comparison of affine expressions, as `sum of coefficient * variable <= bound` (`<` when strict).
struct LinearConstraint {
  std::vector<std::pair<std::size_t, double>> terms;  // (variable, coefficient), variables ascending, none 0
  double bound = 0;
  bool strict = false;
};

/// A compiled expression: compiled once, then evaluated for every package or state.
class Program {
 public:
  /// `values[i]` is the value of variable i of the table the program was compiled against
  /// (booleans as 0 or 1; any non-zero counts as true). Never allocates. Throws parley::Error
  /// when `values` is shorter than the program needs, which is a bug in the caller.
  [[nodiscard]] double evaluate(std::span<const double> values) const;
  /// For boolean programs: whether the expression is true.
  [[nodiscard]] bool holds(std::span<const double> values) const { return evaluate(values) != 0; }

  /// The thresholds of the comparisons that read one variable through an affine expression, in program order.
  /// Comparisons of several variables, or of one through a product or quotient of variables, give none.
  [[nodiscard]] std::vector<Threshold> thresholds() const;
  /// For a boolean program that is a conjunction (`and`) of comparisons (`<`, `<=`, `>`, `>=`, `==`) of affine
  /// expressions of any number of variables, the constraints it amounts to (`==` as two); nullopt for anything
  /// else (`or`, `not`, `!=`, `if`, `iff`, products of variables, booleans). A comparison of constants gives no
  /// constraint when it holds, and `0 <= -1` when it does not.
  [[nodiscard]] std::optional<std::vector<LinearConstraint>> linear() const;

  [[nodiscard]] Type type() const { return type_; }
  /// Indices of the variables the expression reads, ascending, each once.
  [[nodiscard]] const std::vector<std::size_t>& variables_used() const { return variables_used_; }
  [[nodiscard]] std::string_view source() const { return source_; }

 private:
  friend class detail::Compiler;
  Program(std::string source, Type type, std::vector<detail::Instruction> code,
          std::vector<std::size_t> variables_used);

  std::string source_;
  Type type_ = Type::boolean;
  std::vector<detail::Instruction> code_;
  std::vector<std::size_t> variables_used_;
  std::size_t values_needed_ = 0;
};

/// True for the words the language reserves (`and`, `or`, `not`, `if`, `iff`, `true`, `false`): a variable named
/// like one could not be written in an expression.
[[nodiscard]] bool is_keyword(std::string_view word);

/// Compiles `text` against `symbols`, requiring the whole expression to have type `expected`.
/// `where` locates the first character of `text` (character k of a single-line text is at column
/// where.column + k). On failure returns nullopt with every problem found added to `diags`.
[[nodiscard]] std::optional<Program> compile(std::string_view text, const SymbolTable& symbols, Type expected,
                                             const SourceLocation& where, Diagnostics& diags);

}  // namespace parley::expr
