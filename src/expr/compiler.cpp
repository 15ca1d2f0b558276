// Recursive-descent parser that type-checks and emits postfix code in a single pass, so no syntax
// tree is built and long left-associative chains (`a + b + ...`) need no recursion at all.
#include <algorithm>
#include <array>
#include <cstdint>

#include "core/text.hpp"
#include "expr/expr.hpp"
#include "expr/lexer.hpp"

namespace parley::expr::detail {

namespace {

// What a subexpression turned out to be. `unknown` follows an error already reported, and
// silences messages about its uses; `option_name` waits for the comparison that gives it a value.
enum class Kind { number, boolean, unknown, option_name };

Kind kind_of(Type t) {
  return t == Type::number ? Kind::number : Kind::boolean;
}

std::string a_kind(Kind k) {
  return k == Kind::number ? "a number" : "a boolean";
}
std::string kinds(Kind k) {
  return k == Kind::number ? "numbers" : "booleans";
}
bool known(Kind k) {
  return k == Kind::number || k == Kind::boolean;
}

std::string with_article(std::string_view noun) {
  const bool vowel = !noun.empty() && std::string_view("aeiouAEIOU").find(noun[0]) != std::string_view::npos;
  return (vowel ? "an " : "a ") + std::string(noun);
}

bool is_comparison(TokenKind k) {
  return k == TokenKind::less || k == TokenKind::less_equal || k == TokenKind::greater ||
         k == TokenKind::greater_equal || k == TokenKind::equal || k == TokenKind::not_equal;
}

Op op_for(TokenKind k) {
  switch (k) {
    case TokenKind::plus:
      return Op::add;
    case TokenKind::minus:
      return Op::subtract;
    case TokenKind::star:
      return Op::multiply;
    case TokenKind::slash:
      return Op::divide;
    case TokenKind::less:
      return Op::less;
    case TokenKind::less_equal:
      return Op::less_equal;
    case TokenKind::greater:
      return Op::greater;
    case TokenKind::greater_equal:
      return Op::greater_equal;
    case TokenKind::equal:
      return Op::equal;
    case TokenKind::not_equal:
      return Op::not_equal;
    case TokenKind::kw_and:
      return Op::logical_and;
    case TokenKind::kw_or:
      return Op::logical_or;
    case TokenKind::kw_if:
      return Op::implied_by;
    case TokenKind::kw_iff:
      return Op::equivalent;
    default:
      return Op::push;  // not reached: only operator tokens get here
  }
}

int stack_effect(Op op) {
  switch (op) {
    case Op::push:
    case Op::load_number:
    case Op::load_boolean:
      return 1;
    case Op::negate:
    case Op::logical_not:
      return 0;
    default:
      return -1;
  }
}

// Binary precedence levels from lowest; each is left-associative. `not` and comparisons sit below.
constexpr std::array<TokenKind, 4> kLogicLevels{TokenKind::kw_iff, TokenKind::kw_if, TokenKind::kw_or,
                                                TokenKind::kw_and};

constexpr std::string_view kOptionNameMisplaced =
    "a quoted option name must be compared with a discrete issue, found it ";

}  // namespace

class Compiler {
 public:
  Compiler(std::string_view text, const SymbolTable& symbols) : text_(text), symbols_(symbols) {}

  std::optional<Program> run(Type expected, const SourceLocation& where, Diagnostics& diags);

 private:
  struct Operand {
    Kind kind = Kind::unknown;
    std::size_t offset = 0;               // where the subexpression starts, for messages about all of it
    std::optional<std::size_t> variable;  // set when it is a bare variable (parentheses allowed)
    const Token* name = nullptr;          // option_name: its string token
    std::size_t placeholder = 0;          // option_name: the `push` that will carry the option's index

    static Operand of(Kind kind, std::size_t offset) {
      Operand o;
      o.kind = kind;
      o.offset = offset;
      return o;
    }
  };

  Operand parse_logic(std::size_t level);
  Operand parse_not();
  Operand parse_comparison();
  Operand parse_sum();
  Operand parse_product();
  Operand parse_negation();
  Operand parse_primary();
  Operand parse_name(const Token& name);
  Operand parse_group(const Token& open);

  Operand binary(const Token& op, Operand lhs, Operand rhs, Kind need);
  Operand unary(const Token& op, Operand operand, Kind need);
  Operand comparison(const Token& op, Operand lhs, Operand rhs);
  void check_operands(const Token& op, const Operand& lhs, const Operand& rhs, Kind need);
  void refuse_nominal(const Token& op, const Operand& operand);
  void resolve_option_name(Operand& name, const Operand& other);
  void settle_option_name(Operand& operand, std::string_view context);
  std::string unknown_name_message(std::string_view name) const;

  const Token& peek() const { return tokens_[next_]; }
  const Token& advance() { return next_ + 1 < tokens_.size() ? tokens_[next_++] : tokens_[next_]; }
  void emit(Op op, double value = 0, std::size_t index = 0);
  void report(std::size_t offset, std::string message) { problems_.push_back({offset, std::move(message)}); }
  void syntax_error(const Token& at, std::string message);
  SourceLocation location(std::size_t offset, const SourceLocation& where) const;

  std::string_view text_;
  const SymbolTable& symbols_;
  std::vector<Token> tokens_;
  std::size_t next_ = 0;
  std::vector<Problem> problems_;
  bool failed_ = false;  // after a syntax error the parser unwinds without further messages
  std::size_t nesting_ = 0;
  std::vector<Instruction> code_;
  std::ptrdiff_t depth_ = 0;
  std::ptrdiff_t max_depth_ = 0;
  std::vector<std::size_t> used_;
};

std::optional<Program> Compiler::run(Type expected, const SourceLocation& where, Diagnostics& diags) {
  tokens_ = lex(text_, symbols_, problems_);
  Operand top = parse_logic(0);
  if (!failed_ && peek().kind != TokenKind::end) {
    if (peek().kind == TokenKind::invalid) {
      failed_ = true;
    } else {
      syntax_error(peek(), "expected the end of the expression, found " + describe(peek()));
    }
  }
  if (!failed_) {
    settle_option_name(top, "on its own");
    if (known(top.kind) && top.kind != kind_of(expected)) {
      report(top.offset,
             "expected " + a_kind(kind_of(expected)) + " expression, found " + a_kind(top.kind) + " expression");
    }
    // Unreachable while kMaxStack covers kMaxNesting (see expr.hpp); kept so a change there cannot overflow.
    if (max_depth_ > static_cast<std::ptrdiff_t>(kMaxStack)) report(0, "expression is too complex; split it up");
  }
  // Lexer and parser problems interleave; report them in reading order.
  std::stable_sort(problems_.begin(), problems_.end(),
                   [](const Problem& a, const Problem& b) { return a.offset < b.offset; });
  for (auto& p : problems_) diags.error(location(p.offset, where), std::move(p.message));
  if (failed_ || !problems_.empty()) return std::nullopt;

  std::sort(used_.begin(), used_.end());
  used_.erase(std::unique(used_.begin(), used_.end()), used_.end());
  return Program(std::string(text_), expected, std::move(code_), std::move(used_));
}

Compiler::Operand Compiler::parse_logic(std::size_t level) {
  if (level == kLogicLevels.size()) return parse_not();
  Operand lhs = parse_logic(level + 1);
  while (!failed_ && peek().kind == kLogicLevels[level]) {
    const Token& op = advance();
    lhs = binary(op, lhs, parse_logic(level + 1), Kind::boolean);
  }
  return lhs;
}

// Prefix operators are counted in a loop rather than by recursion, so `not not ... x` of any
// length cannot exhaust the stack.
Compiler::Operand Compiler::parse_not() {
  std::vector<const Token*> nots;
  while (peek().kind == TokenKind::kw_not) nots.push_back(&advance());
  Operand operand = parse_comparison();
  for (auto it = nots.rbegin(); it != nots.rend(); ++it) operand = unary(**it, operand, Kind::boolean);
  return operand;
}

Compiler::Operand Compiler::parse_comparison() {
  Operand lhs = parse_sum();
  if (failed_ || !is_comparison(peek().kind)) return lhs;
  const Token& op = advance();
  Operand result = comparison(op, lhs, parse_sum());
  if (!failed_ && is_comparison(peek().kind)) {
    // `a < b < c` means different things in different languages; make the analyst say which.
    report(peek().offset, "comparisons cannot be chained; use 'and'");
    while (!failed_ && is_comparison(peek().kind)) {
      advance();
      parse_sum();  // still checked for unknown names
    }
  }
  return result;
}

Compiler::Operand Compiler::parse_sum() {
  Operand lhs = parse_product();
  while (!failed_ && (peek().kind == TokenKind::plus || peek().kind == TokenKind::minus)) {
    const Token& op = advance();
    lhs = binary(op, lhs, parse_product(), Kind::number);
  }
  return lhs;
}

Compiler::Operand Compiler::parse_product() {
  Operand lhs = parse_negation();
  while (!failed_ && (peek().kind == TokenKind::star || peek().kind == TokenKind::slash)) {
    const Token& op = advance();
    lhs = binary(op, lhs, parse_negation(), Kind::number);
  }
  return lhs;
}

Compiler::Operand Compiler::parse_negation() {
  std::vector<const Token*> minuses;
  while (peek().kind == TokenKind::minus) minuses.push_back(&advance());
  Operand operand = parse_primary();
  for (auto it = minuses.rbegin(); it != minuses.rend(); ++it) operand = unary(**it, operand, Kind::number);
  return operand;
}

Compiler::Operand Compiler::parse_primary() {
  if (failed_) return {};
  const Token& t = peek();
  switch (t.kind) {
    case TokenKind::number:
      advance();
      emit(Op::push, t.number);
      return Operand::of(Kind::number, t.offset);
    case TokenKind::kw_true:
    case TokenKind::kw_false:
      advance();
      emit(Op::push, t.kind == TokenKind::kw_true ? 1.0 : 0.0);
      return Operand::of(Kind::boolean, t.offset);
    case TokenKind::string: {
      advance();
      const std::size_t placeholder = code_.size();
      emit(Op::push);
      return {Kind::option_name, t.offset, std::nullopt, &t, placeholder};
    }
    case TokenKind::identifier:
      advance();
      return parse_name(t);
    case TokenKind::left_paren:
      advance();
      return parse_group(t);
    case TokenKind::invalid:
      failed_ = true;
      return {};
    default:
      syntax_error(t, "expected an expression, found " + describe(t));
      return {};
  }
}

Compiler::Operand Compiler::parse_name(const Token& name) {
  if (const auto index = symbols_.index_of(name.text)) {
    const Variable& v = symbols_.variables()[*index];
    emit(v.type == Type::number ? Op::load_number : Op::load_boolean, 0, *index);
    used_.push_back(*index);
    return {kind_of(v.type), name.offset, index};
  }
  report(name.offset, unknown_name_message(name.text));
  emit(Op::push);  // keeps the code well formed so that checking goes on
  return Operand::of(Kind::unknown, name.offset);
}

std::string Compiler::unknown_name_message(std::string_view name) const {
  std::string message =
      "unknown name '" + std::string(name) + "' in expression; expected " + with_article(symbols_.what());
  // An option written without its quotes is the likeliest slip of all; say how to write it.
  for (const Variable& v : symbols_.variables()) {
    for (const std::string& option : v.options) {
      if (option == name || core::id_from_name(option) == name) {
        return message + " (to name an option of '" + v.name + "', write \"" + option + "\")";
      }
    }
  }
  std::vector<std::string> names;
  names.reserve(symbols_.size());
  for (const Variable& v : symbols_.variables()) names.push_back(v.name);
  if (const auto suggestion = core::closest_match(name, names)) message += " (did you mean '" + *suggestion + "'?)";
  return message;
}

Compiler::Operand Compiler::parse_group(const Token& open) {
  if (nesting_ == kMaxNesting) {
    syntax_error(open,
                 "parentheses nested more than " + std::to_string(kMaxNesting) + " deep; simplify the expression");
    return {};
  }
  ++nesting_;
  Operand inner = parse_logic(0);
  --nesting_;
  if (failed_) return inner;
  const Token& close = peek();
  if (close.kind == TokenKind::right_paren) {
    advance();
    inner.offset = open.offset;
    return inner;
  }
  if (close.kind == TokenKind::invalid) {
    failed_ = true;
  } else {
    syntax_error(close, "expected ')', found " + describe(close));
  }
  return inner;
}

Compiler::Operand Compiler::binary(const Token& op, Operand lhs, Operand rhs, Kind need) {
  if (failed_) return lhs;
  const std::string context = "as an operand of '" + std::string(spelling(op.kind)) + "'";
  settle_option_name(lhs, context);
  settle_option_name(rhs, context);
  check_operands(op, lhs, rhs, need);
  refuse_nominal(op, lhs);
  refuse_nominal(op, rhs);
  emit(op_for(op.kind));
  // The result has the operator's type even after an error, so one mistake gives one message.
  return Operand::of(need, lhs.offset);
}

Compiler::Operand Compiler::unary(const Token& op, Operand operand, Kind need) {
  if (failed_) return operand;
  const std::string_view name = spelling(op.kind);
  settle_option_name(operand, "as the operand of '" + std::string(name) + "'");
  if (known(operand.kind) && operand.kind != need) {
    report(op.offset, "'" + std::string(name) + "' needs " + a_kind(need) + " operand, found " + a_kind(operand.kind));
  }
  refuse_nominal(op, operand);
  emit(op.kind == TokenKind::minus ? Op::negate : Op::logical_not);
  return Operand::of(need, op.offset);
}

// A nominal issue's options have no order and no size: only `==` and `!=` may read it (docs/scenario-format.md,
// "Expressions").
void Compiler::refuse_nominal(const Token& op, const Operand& operand) {
  if (!operand.variable || !symbols_.variables()[*operand.variable].nominal) return;
  report(op.offset, "'" + std::string(spelling(op.kind)) + "' reads an order or a size, but the options of '" +
                        symbols_.variables()[*operand.variable].name +
                        "' have none (a nominal issue): compare it with == or != and an option's name");
}

void Compiler::check_operands(const Token& op, const Operand& lhs, const Operand& rhs, Kind need) {
  const bool bad_left = known(lhs.kind) && lhs.kind != need;
  const bool bad_right = known(rhs.kind) && rhs.kind != need;
  if (!bad_left && !bad_right) return;
  const Kind found = need == Kind::number ? Kind::boolean : Kind::number;
  std::string message =
      "'" + std::string(spelling(op.kind)) + "' needs " + a_kind(need).substr(2) + " operands, found ";
  if (bad_left && bad_right) {
    message += kinds(found) + " on both sides";
  } else {
    message += a_kind(found) + (bad_left ? " on its left" : " on its right");
  }
  report(op.offset, std::move(message));
}

Compiler::Operand Compiler::comparison(const Token& op, Operand lhs, Operand rhs) {
  if (failed_) return lhs;
  if (lhs.kind == Kind::option_name && rhs.kind == Kind::option_name) {
    report(lhs.name->offset, std::string(kOptionNameMisplaced) + "compared with another quoted option name");
    lhs.kind = rhs.kind = Kind::unknown;
  } else if (lhs.kind == Kind::option_name) {
    resolve_option_name(lhs, rhs);
  } else if (rhs.kind == Kind::option_name) {
    resolve_option_name(rhs, lhs);
  }
  if (op.kind == TokenKind::equal || op.kind == TokenKind::not_equal) {
    if (known(lhs.kind) && known(rhs.kind) && lhs.kind != rhs.kind) {
      report(op.offset, "'" + std::string(spelling(op.kind)) + "' needs two numbers or two booleans, found " +
                            a_kind(lhs.kind) + " on its left and " + a_kind(rhs.kind) + " on its right");
    }
  } else {
    check_operands(op, lhs, rhs, Kind::number);
    refuse_nominal(op, lhs);
    refuse_nominal(op, rhs);
  }
  emit(op_for(op.kind));
  return Operand::of(Kind::boolean, lhs.offset);
}

void Compiler::resolve_option_name(Operand& name, const Operand& other) {
  const std::size_t at = name.name->offset;
  const Kind other_kind = other.kind;
  name.kind = Kind::unknown;  // unless the option is found below
  if (other_kind == Kind::unknown) return;
  if (!other.variable) {
    report(at, std::string(kOptionNameMisplaced) + "compared with " + a_kind(other_kind));
    return;
  }
  const Variable& v = symbols_.variables()[*other.variable];
  if (v.type != Type::number || v.options.empty()) {
    report(at, std::string(kOptionNameMisplaced) + "compared with '" + v.name + "', which has no options");
    return;
  }
  const auto it = std::find(v.options.begin(), v.options.end(), name.name->value);
  if (it == v.options.end()) {
    report(at, "unknown option \"" + printable(name.name->value) + "\" for issue '" + v.name + "'; expected " +
                   (v.options.size() == 1 ? "" : "one of ") + core::quoted_list(v.options));
    return;
  }
  if (name.placeholder < code_.size()) code_[name.placeholder].value = static_cast<double>(it - v.options.begin());
  name.kind = Kind::number;
}

void Compiler::settle_option_name(Operand& operand, std::string_view context) {
  if (operand.kind != Kind::option_name) return;
  report(operand.name->offset, std::string(kOptionNameMisplaced) + std::string(context));
  operand.kind = Kind::unknown;
}

void Compiler::emit(Op op, double value, std::size_t index) {
  if (failed_) return;  // the code is thrown away; keep the depth count meaningful
  code_.push_back({value, static_cast<std::uint32_t>(index), op});
  depth_ += stack_effect(op);
  max_depth_ = std::max(max_depth_, depth_);
}

void Compiler::syntax_error(const Token& at, std::string message) {
  report(at.offset, std::move(message));
  failed_ = true;
}

SourceLocation Compiler::location(std::size_t offset, const SourceLocation& where) const {
  SourceLocation loc = where;
  const std::string_view before = text_.substr(0, offset);
  const auto newlines = static_cast<std::uint32_t>(std::count(before.begin(), before.end(), '\n'));
  if (newlines == 0) {
    if (where.column > 0) loc.column = where.column + static_cast<std::uint32_t>(offset);
    return loc;
  }
  // Later lines of a multi-line text: the caller's indentation is unknown, so columns count from
  // the start of the text's own line.
  if (where.line > 0) loc.line = where.line + newlines;
  loc.column = static_cast<std::uint32_t>(offset - before.rfind('\n'));
  return loc;
}

}  // namespace parley::expr::detail

namespace parley::expr {

std::optional<Program> compile(std::string_view text, const SymbolTable& symbols, Type expected,
                               const SourceLocation& where, Diagnostics& diags) {
  return detail::Compiler(text, symbols).run(expected, where, diags);
}

}  // namespace parley::expr
