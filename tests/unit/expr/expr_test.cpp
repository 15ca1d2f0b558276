#include "expr/expr.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "parley/diagnostics.hpp"
#include "parley/error.hpp"

namespace parley::expr {
namespace {

// The Geneva scenario's shape: one continuous issue, one discrete issue, one more continuous one.
SymbolTable issue_table() {
  SymbolTable t("issue id");
  t.add({"territory", Type::number, {}});
  t.add({"sequencing", Type::number, {"ceasefire first", "simultaneous", "settlement first"}});
  t.add({"reparations", Type::number, {}});
  return t;
}

// A graph model's options: each is a boolean variable.
SymbolTable option_table() {
  SymbolTable t("option id");
  t.add({"ceasefire", Type::boolean, {}});
  t.add({"cede", Type::boolean, {}});
  t.add({"guarantee", Type::boolean, {}});
  return t;
}

// `    require: <expression>` on line 3 puts the expression's first character at column 14.
SourceLocation where(std::uint32_t line = 3, std::uint32_t column = 14) {
  return {std::make_shared<const std::string>("f.yaml"), line, column};
}

std::string all_messages(const Diagnostics& d) {
  std::string out;
  for (const auto& x : d.all()) out += format_diagnostic(x) + "\n";
  return out;
}

std::optional<Program> must_compile(std::string_view text, const SymbolTable& symbols, Type type) {
  Diagnostics d;
  auto p = compile(text, symbols, type, where(), d);
  EXPECT_TRUE(p.has_value()) << "'" << text << "':\n" << all_messages(d);
  EXPECT_TRUE(d.empty()) << all_messages(d);
  return p;
}

double number(std::string_view text, std::vector<double> values = {40, 1, 2}) {
  const auto p = must_compile(text, issue_table(), Type::number);
  return p ? p->evaluate(values) : std::numeric_limits<double>::quiet_NaN();
}

// Evaluates a boolean expression; -1 marks a compile failure so that it never passes as false.
int truth(std::string_view text, std::vector<double> values = {40, 1, 2}, const SymbolTable& symbols = issue_table()) {
  const auto p = must_compile(text, symbols, Type::boolean);
  if (!p) return -1;
  const double v = p->evaluate(values);
  EXPECT_TRUE(v == 0 || v == 1) << text << " gave " << v;
  return p->holds(values) ? 1 : 0;
}

int graph(std::string_view text, double ceasefire, double cede, double guarantee = 0) {
  return truth(text, {ceasefire, cede, guarantee}, option_table());
}

std::vector<std::string> errors(std::string_view text, const SymbolTable& symbols = issue_table(),
                                Type type = Type::boolean, const SourceLocation& at = where()) {
  Diagnostics d;
  const auto p = compile(text, symbols, type, at, d);
  EXPECT_FALSE(p.has_value()) << "'" << text << "' compiled";
  EXPECT_EQ(d.error_count(), d.all().size());
  std::vector<std::string> out;
  for (const auto& x : d.all()) out.push_back(format_diagnostic(x));
  return out;
}

using Lines = std::vector<std::string>;

std::string repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// --- evaluation -------------------------------------------------------------------------------

TEST(Expr, NumberLiterals) {
  EXPECT_EQ(number("50"), 50);
  EXPECT_EQ(number("2.5"), 2.5);
  EXPECT_EQ(number("1e3"), 1000);
  EXPECT_EQ(number("1E3"), 1000);
  EXPECT_EQ(number("2.5e-1"), 0.25);
  EXPECT_EQ(number("1e+2"), 100);
  EXPECT_EQ(number(".5"), 0.5);
  EXPECT_EQ(number("5."), 5);
  EXPECT_EQ(number("007"), 7);
}

TEST(Expr, ArithmeticPrecedenceAndAssociativity) {
  EXPECT_EQ(number("2 + 3 * 4"), 14);
  EXPECT_EQ(number("2 * 3 + 4"), 10);
  EXPECT_EQ(number("(2 + 3) * 4"), 20);
  EXPECT_EQ(number("10 - 4 - 3"), 3);  // (10 - 4) - 3, not 10 - (4 - 3)
  EXPECT_EQ(number("64 / 4 / 2"), 8);  // (64 / 4) / 2
  EXPECT_EQ(number("2 - 3 * 4 / 2"), -4);
  EXPECT_EQ(number("8 / 2 * 4"), 16);   // * and / share a level
  EXPECT_EQ(number("10 - 2 + 3"), 11);  // + and - share a level
  EXPECT_EQ(number("-2 * 3"), -6);
  EXPECT_EQ(number("2 * -3"), -6);
  EXPECT_EQ(number("- -2"), 2);
  EXPECT_EQ(number("--2"), 2);
  EXPECT_EQ(number("-(2 + 3)"), -5);
  EXPECT_EQ(number("-2 - -3"), 1);
  EXPECT_EQ(number("((((7))))"), 7);
}

TEST(Expr, Variables) {
  EXPECT_EQ(number("territory"), 40);
  EXPECT_EQ(number("territory * reparations + sequencing"), 81);
  EXPECT_EQ(number("territory / (reparations + 2)", {40, 0, 6}), 5);
  EXPECT_EQ(number("-territory", {7, 0, 0}), -7);
}

TEST(Expr, ComparisonOperators) {
  EXPECT_EQ(truth("territory < 50"), 1);
  EXPECT_EQ(truth("territory < 40"), 0);
  EXPECT_EQ(truth("territory <= 40"), 1);
  EXPECT_EQ(truth("territory <= 39.5"), 0);
  EXPECT_EQ(truth("territory > 39"), 1);
  EXPECT_EQ(truth("territory > 40"), 0);
  EXPECT_EQ(truth("territory >= 40"), 1);
  EXPECT_EQ(truth("territory >= 41"), 0);
  EXPECT_EQ(truth("territory == 40"), 1);
  EXPECT_EQ(truth("territory == 41"), 0);
  EXPECT_EQ(truth("territory != 41"), 1);
  EXPECT_EQ(truth("territory != 40"), 0);
  // Arithmetic binds tighter than comparison on both sides.
  EXPECT_EQ(truth("territory + 10 == 25 * 2"), 1);
}

TEST(Expr, EqualityOfBooleans) {
  EXPECT_EQ(truth("(1 < 2) == true"), 1);
  EXPECT_EQ(truth("(1 < 2) != (2 < 1)"), 1);
  EXPECT_EQ(truth("(1 < 2) == (2 < 1)"), 0);
  EXPECT_EQ(graph("ceasefire == cede", 1, 1), 1);
  EXPECT_EQ(graph("ceasefire != cede", 1, 1), 0);
  EXPECT_EQ(graph("ceasefire != cede", 0, 1), 1);
}

TEST(Expr, BooleanLiterals) {
  EXPECT_EQ(truth("true"), 1);
  EXPECT_EQ(truth("false"), 0);
  EXPECT_EQ(truth("not false"), 1);
}

TEST(Expr, NotAndOrTruthTables) {
  for (int a = 0; a <= 1; ++a) {
    EXPECT_EQ(graph("not ceasefire", a, 0), 1 - a);
    for (int b = 0; b <= 1; ++b) {
      EXPECT_EQ(graph("ceasefire and cede", a, b), a & b) << a << b;
      EXPECT_EQ(graph("ceasefire or cede", a, b), a | b) << a << b;
    }
  }
}

TEST(Expr, IfTruthTable) {
  // `a if b` is `a or not b`: false only when b holds and a does not.
  EXPECT_EQ(graph("ceasefire if cede", 0, 0), 1);
  EXPECT_EQ(graph("ceasefire if cede", 0, 1), 0);
  EXPECT_EQ(graph("ceasefire if cede", 1, 0), 1);
  EXPECT_EQ(graph("ceasefire if cede", 1, 1), 1);
}

TEST(Expr, IffTruthTable) {
  EXPECT_EQ(graph("ceasefire iff cede", 0, 0), 1);
  EXPECT_EQ(graph("ceasefire iff cede", 0, 1), 0);
  EXPECT_EQ(graph("ceasefire iff cede", 1, 0), 0);
  EXPECT_EQ(graph("ceasefire iff cede", 1, 1), 1);
}

TEST(Expr, BooleanVariablesTreatAnyNonZeroAsTrue) {
  EXPECT_EQ(graph("ceasefire", 2, 0), 1);
  EXPECT_EQ(graph("ceasefire iff cede", 2, 1), 1);
  EXPECT_EQ(graph("ceasefire == cede", -1, 1), 1);
  EXPECT_EQ(graph("ceasefire == true", 0.5, 0), 1);
}

TEST(Expr, LogicPrecedence) {
  // and over or: (false and true) or true, not false and (true or true).
  EXPECT_EQ(truth("false and true or true"), 1);
  EXPECT_EQ(truth("true or true and false"), 1);
  // not over and: (not false) and false.
  EXPECT_EQ(truth("not false and false"), 0);
  // not over or: (not true) or true.
  EXPECT_EQ(truth("not true or true"), 1);
  // comparison over not: not (1 == 2).
  EXPECT_EQ(truth("not 1 == 2"), 1);
  EXPECT_EQ(truth("not not true"), 1);
  // or over if: a if (b or c). Read as (a if b) or c it would be true.
  EXPECT_EQ(truth("false if false or true"), 0);
  // if over iff: a iff (b if c). Read as (a iff b) if c it would be true.
  EXPECT_EQ(truth("false iff true if false"), 0);
  // or over iff: (a or b) iff c. Read as a or (b iff c) it would be true.
  EXPECT_EQ(truth("true or false iff false"), 0);
  // if is left-associative: (a if b) if c. Read as a if (b if c) it would be false.
  EXPECT_EQ(truth("false if true if false"), 1);
  // iff is left-associative: (a iff b) iff c.
  EXPECT_EQ(truth("false iff false iff false"), 0);
  EXPECT_EQ(truth("territory < 50 and sequencing == 1 or reparations > 5"), 1);
}

TEST(Expr, GraphModelStatementsFromTheSpec) {
  EXPECT_EQ(graph("not cede", 0, 0), 1);
  EXPECT_EQ(graph("cede and not ceasefire", 0, 1), 1);
  EXPECT_EQ(graph("cede and not ceasefire", 1, 1), 0);
  EXPECT_EQ(graph("ceasefire iff guarantee", 1, 0, 1), 1);
  EXPECT_EQ(graph("(ceasefire or guarantee) if not cede", 0, 0, 0), 0);
}

TEST(Expr, OptionNamesCompileToTheirIndex) {
  EXPECT_EQ(truth("sequencing == \"simultaneous\"", {0, 1, 0}), 1);
  EXPECT_EQ(truth("sequencing == \"simultaneous\"", {0, 0, 0}), 0);
  EXPECT_EQ(truth("\"simultaneous\" == sequencing", {0, 1, 0}), 1);
  EXPECT_EQ(truth("\"settlement first\" == sequencing", {0, 1, 0}), 0);
  EXPECT_EQ(truth("sequencing < \"settlement first\"", {0, 1, 0}), 1);
  EXPECT_EQ(truth("sequencing < \"settlement first\"", {0, 2, 0}), 0);
  EXPECT_EQ(truth("\"ceasefire first\" < sequencing", {0, 1, 0}), 1);
  EXPECT_EQ(truth("\"ceasefire first\" >= sequencing", {0, 1, 0}), 0);
  EXPECT_EQ(truth("(sequencing) != \"ceasefire first\"", {0, 0, 0}), 0);
  EXPECT_EQ(truth("territory <= 50 and sequencing == \"ceasefire first\"", {50, 0, 0}), 1);
  EXPECT_EQ(truth("territory <= 50 and sequencing == \"ceasefire first\"", {50, 2, 0}), 0);
}

TEST(Expr, ProgramReportsTypeSourceAndVariablesUsed) {
  std::optional<Program> p;
  {
    const std::string text = "reparations > 1 and territory < 2 and reparations < territory";
    p = must_compile(text, issue_table(), Type::boolean);
  }  // the program owns its source text
  ASSERT_TRUE(p);
  EXPECT_EQ(p->type(), Type::boolean);
  EXPECT_EQ(p->source(), "reparations > 1 and territory < 2 and reparations < territory");
  EXPECT_EQ(p->variables_used(), (std::vector<std::size_t>{0, 2}));
  const Program copy = *p;
  EXPECT_TRUE(copy.holds(std::vector<double>{1.5, 0, 1.2}));

  const auto n = must_compile("1 + 2", issue_table(), Type::number);
  ASSERT_TRUE(n);
  EXPECT_EQ(n->type(), Type::number);
  EXPECT_TRUE(n->variables_used().empty());
  EXPECT_EQ(n->evaluate({}), 3);
}

// Where a comparison changes its answer along one issue, as (variable, value, strict).
std::vector<std::tuple<std::size_t, double, bool>> thresholds_of(const std::string& text) {
  const auto p = must_compile(text, issue_table(), Type::boolean);
  std::vector<std::tuple<std::size_t, double, bool>> out;
  if (!p) return out;
  for (const auto& t : p->thresholds()) out.emplace_back(t.variable, t.value, t.strict);
  return out;
}

TEST(Expr, ThresholdsOfComparisonsOfOneIssue) {
  using T = std::vector<std::tuple<std::size_t, double, bool>>;
  EXPECT_EQ(thresholds_of("territory <= 50"), (T{{0, 50, false}}));
  EXPECT_EQ(thresholds_of("50 > territory"), (T{{0, 50, true}}));
  // Affine in the issue, on either side.
  EXPECT_EQ(thresholds_of("2 * territory + 10 <= 50"), (T{{0, 20, false}}));
  EXPECT_EQ(thresholds_of("-reparations >= -5"), (T{{2, 5, false}}));
  EXPECT_EQ(thresholds_of("reparations / 4 != 1"), (T{{2, 4, true}}));
  EXPECT_EQ(thresholds_of("10 - territory < territory"), (T{{0, 5, true}}));
  // Option names are their indices; every comparison of an `and` or `or` counts.
  EXPECT_EQ(thresholds_of("sequencing == \"simultaneous\" or territory >= 30"), (T{{1, 1, false}, {0, 30, false}}));
  // Several issues, products of issues, a comparison the issue cancels out of: no threshold of one issue.
  EXPECT_TRUE(thresholds_of("territory + reparations <= 10").empty());
  EXPECT_TRUE(thresholds_of("territory * reparations <= 10").empty());
  EXPECT_TRUE(thresholds_of("territory - territory <= 10").empty());
  EXPECT_TRUE(thresholds_of("10 / territory <= 2").empty());
  EXPECT_TRUE(thresholds_of("true").empty());
}

// A conjunction of affine comparisons as constraints sum a x <= b, or nothing.
std::optional<std::vector<LinearConstraint>> linear_of(const std::string& text) {
  const auto p = must_compile(text, issue_table(), Type::boolean);
  return p ? p->linear() : std::nullopt;
}

TEST(Expr, LinearConstraintsOfAffineComparisons) {
  using Terms = std::vector<std::pair<std::size_t, double>>;
  // territory (0) + 2 reparations (2) <= 10.
  auto l = linear_of("territory + 2 * reparations <= 10");
  ASSERT_TRUE(l);
  ASSERT_EQ(l->size(), 1u);
  EXPECT_EQ((*l)[0].terms, (Terms{{0, 1}, {2, 2}}));
  EXPECT_EQ((*l)[0].bound, 10);
  EXPECT_FALSE((*l)[0].strict);
  // x > y is y - x < 0; `and` joins; `==` is two constraints; constants move to the bound.
  l = linear_of("territory > reparations and reparations / 2 + 1 == 3");
  ASSERT_TRUE(l);
  ASSERT_EQ(l->size(), 3u);
  EXPECT_EQ((*l)[0].terms, (Terms{{0, -1}, {2, 1}}));
  EXPECT_EQ((*l)[0].bound, 0);
  EXPECT_TRUE((*l)[0].strict);
  EXPECT_EQ((*l)[1].terms, (Terms{{2, 0.5}}));
  EXPECT_EQ((*l)[1].bound, 2);
  EXPECT_EQ((*l)[2].terms, (Terms{{2, -0.5}}));
  EXPECT_EQ((*l)[2].bound, -2);
  // Every package satisfies the constraints exactly where the program holds, on a grid of values.
  const auto p = must_compile("territory - reparations >= 3 and 2 * territory < 10", issue_table(), Type::boolean);
  ASSERT_TRUE(p);
  l = p->linear();
  ASSERT_TRUE(l);
  for (double t = 0; t <= 10; t += 0.5) {
    for (double r = 0; r <= 10; r += 0.5) {
      const std::vector<double> x{t, 0, r};
      bool all = true;
      for (const auto& c : *l) {
        double sum = 0;
        for (const auto& [v, a] : c.terms) sum += a * x[v];
        all = all && (c.strict ? sum < c.bound : sum <= c.bound);
      }
      EXPECT_EQ(all, p->holds(x)) << t << " " << r;
    }
  }
  // Comparisons of constants: nothing to hold when true, an impossible constraint when false.
  l = linear_of("1 < 2 and territory <= 5");
  ASSERT_TRUE(l);
  EXPECT_EQ(l->size(), 1u);
  l = linear_of("2 < 1");
  ASSERT_TRUE(l);
  ASSERT_EQ(l->size(), 1u);
  EXPECT_TRUE((*l)[0].terms.empty());
  EXPECT_LT((*l)[0].bound, 0);
  // Not linear: or, not, !=, products of issues, booleans.
  for (const char* text : {"territory <= 1 or reparations <= 1", "not (territory <= 1)", "territory != 1",
                           "territory * reparations <= 10", "true", "territory <= 1 iff reparations <= 1"}) {
    EXPECT_FALSE(linear_of(text)) << text;
  }
}

TEST(Expr, DivisionByZeroFollowsIeee) {
  EXPECT_EQ(number("territory / reparations", {1, 0, 0}), std::numeric_limits<double>::infinity());
  EXPECT_EQ(number("-territory / reparations", {1, 0, 0}), -std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isnan(number("territory / reparations", {0, 0, 0})));
  EXPECT_EQ(truth("territory / reparations > 1e308", {1, 0, 0}), 1);
  // Every comparison with NaN is false, `!=` included; `not (x == y)` is the way to ask "not equal or NaN".
  for (const char* op : {"<", "<=", ">", ">=", "==", "!="}) {
    EXPECT_EQ(truth(std::string("territory / reparations ") + op + " 1", {0, 0, 0}), 0) << op;
  }
  EXPECT_EQ(truth("not (territory / reparations == 1)", {0, 0, 0}), 1);
}

TEST(Expr, EvaluateRefusesTooFewValues) {
  const auto p = must_compile("reparations > 1", issue_table(), Type::boolean);
  ASSERT_TRUE(p);
  EXPECT_THROW((void)p->evaluate(std::vector<double>{1, 2}), parley::Error);
  EXPECT_NO_THROW((void)p->evaluate(std::vector<double>{1, 2, 3}));
}

TEST(Expr, SymbolTable) {
  SymbolTable t("issue id");
  EXPECT_EQ(t.what(), "issue id");
  EXPECT_EQ(t.add({"a", Type::number, {}}), 0u);
  EXPECT_EQ(t.add({"b", Type::boolean, {}}), 1u);
  EXPECT_EQ(t.size(), 2u);
  ASSERT_NE(t.find("b"), nullptr);
  EXPECT_EQ(t.find("b")->type, Type::boolean);
  EXPECT_EQ(t.find("c"), nullptr);
  EXPECT_EQ(t.index_of("b"), 1u);
  EXPECT_EQ(t.index_of("c"), std::nullopt);
  EXPECT_THROW(t.add({"a", Type::number, {}}), parley::Error);
  EXPECT_EQ(t.variables().size(), 2u);
}

// --- diagnostics --------------------------------------------------------------------------------

TEST(Expr, UnknownNames) {
  EXPECT_EQ(errors("terirtory <= 50"),
            (Lines{"f.yaml:3:14: error: unknown name 'terirtory' in expression; expected an issue id "
                   "(did you mean 'territory'?)"}));
  EXPECT_EQ(errors("xyz > 1"), (Lines{"f.yaml:3:14: error: unknown name 'xyz' in expression; expected an issue id"}));
  EXPECT_EQ(errors("cede and gurantee", option_table()),
            (Lines{"f.yaml:3:23: error: unknown name 'gurantee' in expression; expected an option id "
                   "(did you mean 'guarantee'?)"}));
  EXPECT_EQ(errors("x", SymbolTable("name")),
            (Lines{"f.yaml:3:14: error: unknown name 'x' in expression; expected a name"}));
}

TEST(Expr, UnquotedOptionName) {
  EXPECT_EQ(errors("sequencing == simultaneous"),
            (Lines{"f.yaml:3:28: error: unknown name 'simultaneous' in expression; expected an issue id "
                   "(to name an option of 'sequencing', write \"simultaneous\")"}));
  EXPECT_EQ(errors("sequencing == ceasefire_first"),
            (Lines{"f.yaml:3:28: error: unknown name 'ceasefire_first' in expression; expected an issue id "
                   "(to name an option of 'sequencing', write \"ceasefire first\")"}));
}

TEST(Expr, MissingOperands) {
  EXPECT_EQ(errors(""), (Lines{"f.yaml:3:14: error: expected an expression, found end of text"}));
  EXPECT_EQ(errors("   "), (Lines{"f.yaml:3:17: error: expected an expression, found end of text"}));
  EXPECT_EQ(errors("territory <="), (Lines{"f.yaml:3:26: error: expected an expression, found end of text"}));
  EXPECT_EQ(errors("territory <= and"), (Lines{"f.yaml:3:27: error: expected an expression, found 'and'"}));
  EXPECT_EQ(errors("()"), (Lines{"f.yaml:3:15: error: expected an expression, found ')'"}));
  EXPECT_EQ(errors("+1 > 0"), (Lines{"f.yaml:3:14: error: expected an expression, found '+'"}));
}

TEST(Expr, UnbalancedParentheses) {
  EXPECT_EQ(errors("(territory <= 50"), (Lines{"f.yaml:3:30: error: expected ')', found end of text"}));
  EXPECT_EQ(errors("(territory <= 50 reparations)"), (Lines{"f.yaml:3:31: error: expected ')', found 'reparations'"}));
  EXPECT_EQ(errors("(true) and (\"x\" and"), (Lines{"f.yaml:3:33: error: expected an expression, found end of text"}));
  EXPECT_EQ(errors("territory <= 50)"), (Lines{"f.yaml:3:29: error: expected the end of the expression, found ')'"}));
}

TEST(Expr, TrailingTokens) {
  EXPECT_EQ(errors("territory <= 50 x"), (Lines{"f.yaml:3:30: error: expected the end of the expression, found 'x'"}));
  EXPECT_EQ(errors("true \"simultaneous\""),
            (Lines{"f.yaml:3:19: error: expected the end of the expression, found \"simultaneous\""}));
}

TEST(Expr, OperatorsFromOtherLanguages) {
  EXPECT_EQ(errors("territory <= 50 && sequencing == 1"),
            (Lines{"f.yaml:3:30: error: unexpected character '&'; use 'and' instead of '&&'"}));
  EXPECT_EQ(errors("territory <= 50 & sequencing == 1"),
            (Lines{"f.yaml:3:30: error: unexpected character '&'; use 'and' instead of '&'"}));
  EXPECT_EQ(errors("territory <= 50 || sequencing == 1"),
            (Lines{"f.yaml:3:30: error: unexpected character '|'; use 'or' instead of '||'"}));
  EXPECT_EQ(errors("!(territory <= 50)"),
            (Lines{"f.yaml:3:14: error: unexpected character '!'; use 'not' instead of '!'"}));
  EXPECT_EQ(errors("territory = 50"), (Lines{"f.yaml:3:24: error: unexpected character '='; use '==' instead of '='"}));
  EXPECT_EQ(errors("territory <> 50"),
            (Lines{"f.yaml:3:24: error: unexpected character '<'; use '!=' instead of '<>'"}));
  EXPECT_EQ(errors("territory <= 50 AND sequencing == 1"),
            (Lines{"f.yaml:3:30: error: unknown name 'AND' in expression; keywords are lower-case: write 'and'"}));
  EXPECT_EQ(errors("sequencing == 'simultaneous'"),
            (Lines{"f.yaml:3:28: error: unexpected character \"'\"; put option names in double quotes"}));
}

TEST(Expr, UnexpectedCharacters) {
  EXPECT_EQ(errors("territory @ 50"), (Lines{"f.yaml:3:24: error: unexpected character '@'"}));
  EXPECT_EQ(errors("territory . 50"), (Lines{"f.yaml:3:24: error: unexpected character '.'"}));
  EXPECT_EQ(errors("territory \xE2\x89\xA4 50"), (Lines{"f.yaml:3:24: error: unexpected character '\xE2\x89\xA4'"}));
  EXPECT_EQ(errors(std::string_view("a\x01", 2)),
            (Lines{"f.yaml:3:14: error: unknown name 'a' in expression; expected an issue id",
                   "f.yaml:3:15: error: unexpected character '\\x01'"}));
  EXPECT_EQ(errors("territory $$$ 50 # 1"),
            (Lines{"f.yaml:3:24: error: unexpected character '$'", "f.yaml:3:31: error: unexpected character '#'"}));
}

TEST(Expr, UnterminatedOptionName) {
  EXPECT_EQ(errors("sequencing == \"simultaneous"),
            (Lines{"f.yaml:3:28: error: unterminated option name: expected a closing '\"', found end of text"}));
  EXPECT_EQ(errors("sequencing == \"simultaneous\nand true\""),
            (Lines{"f.yaml:3:28: error: unterminated option name: expected a closing '\"', found end of line",
                   "f.yaml:4:9: error: unterminated option name: expected a closing '\"', found end of text"}));
}

TEST(Expr, BadNumbers) {
  EXPECT_EQ(errors("territory < 1.2.3"), (Lines{"f.yaml:3:26: error: invalid number '1.2.3'"}));
  EXPECT_EQ(errors("2x > 1"), (Lines{"f.yaml:3:14: error: invalid number '2x'"}));
  EXPECT_EQ(errors("1e > 1"), (Lines{"f.yaml:3:14: error: invalid number '1e'"}));
  EXPECT_EQ(errors("1e999 > 1"), (Lines{"f.yaml:3:14: error: number '1e999' is out of range"}));
}

TEST(Expr, OptionNames) {
  EXPECT_EQ(errors("sequencing == \"ceasfire first\""),
            (Lines{"f.yaml:3:28: error: unknown option \"ceasfire first\" for issue 'sequencing'; expected one of "
                   "'ceasefire first', 'simultaneous' or 'settlement first'"}));
  // Control characters never reach a terminal raw.
  EXPECT_EQ(errors("sequencing == \"a\tb\""),
            (Lines{"f.yaml:3:28: error: unknown option \"a\\x09b\" for issue 'sequencing'; expected one of "
                   "'ceasefire first', 'simultaneous' or 'settlement first'"}));
  SymbolTable single("issue id");
  single.add({"only", Type::number, {"yes"}});
  EXPECT_EQ(errors("only == \"no\"", single),
            (Lines{"f.yaml:3:22: error: unknown option \"no\" for issue 'only'; expected 'yes'"}));
}

TEST(Expr, MisplacedOptionNames) {
  const std::string must = "a quoted option name must be compared with a discrete issue, found it ";
  EXPECT_EQ(errors("territory == \"simultaneous\""),
            (Lines{"f.yaml:3:27: error: " + must + "compared with 'territory', which has no options"}));
  EXPECT_EQ(errors("sequencing + 1 == \"simultaneous\""),
            (Lines{"f.yaml:3:32: error: " + must + "compared with a number"}));
  EXPECT_EQ(errors("\"simultaneous\" == (1 < 2)"), (Lines{"f.yaml:3:14: error: " + must + "compared with a boolean"}));
  EXPECT_EQ(errors("\"a\" == \"b\""),
            (Lines{"f.yaml:3:14: error: " + must + "compared with another quoted option name"}));
  EXPECT_EQ(errors("\"simultaneous\""), (Lines{"f.yaml:3:14: error: " + must + "on its own"}));
  EXPECT_EQ(errors("\"simultaneous\" and true"), (Lines{"f.yaml:3:14: error: " + must + "as an operand of 'and'"}));
  EXPECT_EQ(errors("not \"simultaneous\""), (Lines{"f.yaml:3:18: error: " + must + "as the operand of 'not'"}));
  EXPECT_EQ(errors("-\"simultaneous\" < 1"), (Lines{"f.yaml:3:15: error: " + must + "as the operand of '-'"}));
  EXPECT_EQ(errors("ceasefire == \"x\"", option_table()),
            (Lines{"f.yaml:3:27: error: " + must + "compared with 'ceasefire', which has no options"}));
  // An unknown name already has its message; the option name next to it adds none.
  EXPECT_EQ(errors("sequencng == \"simultaneous\""),
            (Lines{"f.yaml:3:14: error: unknown name 'sequencng' in expression; expected an issue id "
                   "(did you mean 'sequencing'?)"}));
}

TEST(Expr, WholeExpressionType) {
  EXPECT_EQ(errors("territory + 1"),
            (Lines{"f.yaml:3:14: error: expected a boolean expression, found a number expression"}));
  EXPECT_EQ(errors("  (territory < 1)", issue_table(), Type::number),
            (Lines{"f.yaml:3:16: error: expected a number expression, found a boolean expression"}));
}

TEST(Expr, OperandTypes) {
  EXPECT_EQ(errors("territory and true"),
            (Lines{"f.yaml:3:24: error: 'and' needs boolean operands, found a number on its left"}));
  EXPECT_EQ(errors("true or 1"),
            (Lines{"f.yaml:3:19: error: 'or' needs boolean operands, found a number on its right"}));
  EXPECT_EQ(errors("1 and 2"),
            (Lines{"f.yaml:3:16: error: 'and' needs boolean operands, found numbers on both sides"}));
  EXPECT_EQ(errors("cede if 1", option_table()),
            (Lines{"f.yaml:3:19: error: 'if' needs boolean operands, found a number on its right"}));
  EXPECT_EQ(errors("2 iff cede", option_table()),
            (Lines{"f.yaml:3:16: error: 'iff' needs boolean operands, found a number on its left"}));
  EXPECT_EQ(errors("true + 1 > 0"),
            (Lines{"f.yaml:3:19: error: '+' needs number operands, found a boolean on its left"}));
  EXPECT_EQ(errors("1 - true > 0"),
            (Lines{"f.yaml:3:16: error: '-' needs number operands, found a boolean on its right"}));
  EXPECT_EQ(errors("true * false > 0"),
            (Lines{"f.yaml:3:19: error: '*' needs number operands, found booleans on both sides"}));
  EXPECT_EQ(errors("cede / 2 > 0", option_table()),
            (Lines{"f.yaml:3:19: error: '/' needs number operands, found a boolean on its left"}));
  EXPECT_EQ(errors("not territory"), (Lines{"f.yaml:3:14: error: 'not' needs a boolean operand, found a number"}));
  EXPECT_EQ(errors("-cede", option_table()),
            (Lines{"f.yaml:3:14: error: '-' needs a number operand, found a boolean",
                   "f.yaml:3:14: error: expected a boolean expression, found a number expression"}));
  EXPECT_EQ(errors("true < 1"), (Lines{"f.yaml:3:19: error: '<' needs number operands, found a boolean on its left"}));
  EXPECT_EQ(errors("1 >= cede", option_table()),
            (Lines{"f.yaml:3:16: error: '>=' needs number operands, found a boolean on its right"}));
  EXPECT_EQ(errors("territory == true"),
            (Lines{"f.yaml:3:24: error: '==' needs two numbers or two booleans, found a number on its left and a "
                   "boolean on its right"}));
  EXPECT_EQ(errors("cede != 1", option_table()),
            (Lines{"f.yaml:3:19: error: '!=' needs two numbers or two booleans, found a boolean on its left and a "
                   "number on its right"}));
}

TEST(Expr, ChainedComparisons) {
  EXPECT_EQ(errors("1 < territory < 3"), (Lines{"f.yaml:3:28: error: comparisons cannot be chained; use 'and'"}));
  // The rest of the chain is still checked for names.
  EXPECT_EQ(errors("1 < territory < 3 == terirtory"),
            (Lines{"f.yaml:3:28: error: comparisons cannot be chained; use 'and'",
                   "f.yaml:3:35: error: unknown name 'terirtory' in expression; expected an issue id "
                   "(did you mean 'territory'?)"}));
}

TEST(Expr, EveryProblemInOneExpressionIsReported) {
  EXPECT_EQ(errors("terirtory <= 50 and sequencing == \"ceasfire first\" and 1"),
            (Lines{"f.yaml:3:14: error: unknown name 'terirtory' in expression; expected an issue id "
                   "(did you mean 'territory'?)",
                   "f.yaml:3:48: error: unknown option \"ceasfire first\" for issue 'sequencing'; expected one of "
                   "'ceasefire first', 'simultaneous' or 'settlement first'",
                   "f.yaml:3:65: error: 'and' needs boolean operands, found a number on its right"}));
  // Lexical slips and unknown names come out together, in reading order.
  EXPECT_EQ(errors("sequencng = 1 && terirtory > 2"),
            (Lines{"f.yaml:3:14: error: unknown name 'sequencng' in expression; expected an issue id "
                   "(did you mean 'sequencing'?)",
                   "f.yaml:3:24: error: unexpected character '='; use '==' instead of '='",
                   "f.yaml:3:28: error: unexpected character '&'; use 'and' instead of '&&'",
                   "f.yaml:3:31: error: unknown name 'terirtory' in expression; expected an issue id "
                   "(did you mean 'territory'?)"}));
}

TEST(Expr, LocationsOnLaterLinesAndUnknownPlaces) {
  EXPECT_EQ(errors("territory <= 50 and\n  sequencng == 1"),
            (Lines{"f.yaml:4:3: error: unknown name 'sequencng' in expression; expected an issue id "
                   "(did you mean 'sequencing'?)"}));
  EXPECT_EQ(errors("xyz", issue_table(), Type::boolean, where(0, 0)),
            (Lines{"f.yaml: error: unknown name 'xyz' in expression; expected an issue id"}));
  EXPECT_EQ(errors("true and xyz", issue_table(), Type::boolean, where(7, 0)),
            (Lines{"f.yaml:7: error: unknown name 'xyz' in expression; expected an issue id"}));
}

TEST(Expr, DeepNestingIsADiagnosticNotACrash) {
  const std::string deep = repeat("(", 200) + "1" + repeat(")", 200) + " > 0";
  EXPECT_EQ(errors(deep), (Lines{"f.yaml:3:78: error: parentheses nested more than 64 deep; simplify the expression"}));
  EXPECT_EQ(errors(repeat("(", 100000)),
            (Lines{"f.yaml:3:78: error: parentheses nested more than 64 deep; simplify the expression"}));

  // The limit itself is fine, and so is the deepest evaluation stack it allows.
  EXPECT_EQ(number(repeat("(", 64) + "7" + repeat(")", 64)), 7);
  EXPECT_EQ(number(repeat("1 + (", 64) + "1" + repeat(")", 64)), 65);
  EXPECT_EQ(truth(repeat("true and (", 64) + "false" + repeat(")", 64)), 0);
}

TEST(Expr, LongFlatExpressionsNeedNoRecursion) {
  EXPECT_EQ(number(repeat("1 + ", 100000) + "1"), 100001);
  EXPECT_EQ(truth(repeat("not ", 100001) + "false"), 1);
  EXPECT_EQ(number(repeat("-", 100001) + "3"), -3);
  EXPECT_EQ(truth(repeat("true and ", 50000) + "territory > 1"), 1);
}

// Whatever the text, compile reports problems through Diagnostics: it never throws or crashes,
// and it returns a program exactly when it reported no error.
void check_garbage(const std::string& text, const SymbolTable& symbols, Type type) {
  Diagnostics d;
  std::optional<Program> p;
  ASSERT_NO_THROW(p = compile(text, symbols, type, where(), d)) << text;
  EXPECT_EQ(p.has_value(), !d.has_errors()) << text;
  if (!p) return;
  EXPECT_TRUE(d.empty()) << text;
  std::vector<double> values(symbols.size(), 1.0);
  double v = 0;
  ASSERT_NO_THROW(v = p->evaluate(values)) << text;
  if (type == Type::boolean) {
    EXPECT_TRUE(v == 0 || v == 1) << text;
  }
}

TEST(Expr, CompileNeverThrowsOnGarbage) {
  const std::vector<std::string> pieces = {"territory",
                                           "sequencing",
                                           "reparations",
                                           "terirtory",
                                           "ceasefire",
                                           "cede",
                                           "AND",
                                           "and",
                                           "or",
                                           "not",
                                           "if",
                                           "iff",
                                           "true",
                                           "false",
                                           "(",
                                           ")",
                                           "((",
                                           "\"",
                                           "\"simultaneous\"",
                                           "\"nope\"",
                                           "'",
                                           "+",
                                           "-",
                                           "*",
                                           "/",
                                           "<",
                                           "<=",
                                           ">",
                                           ">=",
                                           "==",
                                           "!=",
                                           "=",
                                           "!",
                                           "&",
                                           "&&",
                                           "|",
                                           "0",
                                           "50",
                                           "2.5",
                                           "1e3",
                                           "1e999",
                                           "1.2.3",
                                           ".",
                                           ".5",
                                           "e",
                                           "_",
                                           ",",
                                           "@",
                                           "\xE2\x89\xA4",
                                           "\xFF",
                                           "\xC3",
                                           "\n",
                                           " ",
                                           "\t"};
  std::mt19937 rng(20260212);
  const SymbolTable issues = issue_table();
  const SymbolTable options = option_table();
  for (int i = 0; i < 4000; ++i) {
    std::string text;
    const int length = static_cast<int>(rng() % 24);
    if (i % 4 == 0) {
      // Raw bytes, NUL and high bytes included.
      for (int k = 0; k < length; ++k) text += static_cast<char>(rng() % 256);
    } else {
      for (int k = 0; k < length; ++k) {
        text += pieces[rng() % pieces.size()];
        if (rng() % 2 == 0) text += ' ';
      }
    }
    check_garbage(text, i % 3 == 0 ? options : issues, i % 2 == 0 ? Type::boolean : Type::number);
    if (HasFatalFailure()) return;
  }
}

}  // namespace
}  // namespace parley::expr
