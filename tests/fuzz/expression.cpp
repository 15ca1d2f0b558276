// Fuzz target: the expression language of constraints, red lines and graph-model statements (lexer, parser,
// type checks, compiler), the evaluation of what compiles, and the thresholds and linear constraints the package
// analysis reads from it (analysis/space, analysis/witness). The first byte picks the expected type.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>

#include "expr/expr.hpp"
#include "fuzz_support.hpp"

namespace {

const parley::expr::SymbolTable& symbols() {
  static const parley::expr::SymbolTable table = [] {
    parley::expr::SymbolTable t("issue id");
    t.add({"wage", parley::expr::Type::number});
    t.add({"hours", parley::expr::Type::number, {"40 hours", "38 hours", "35 hours"}});
    t.add({"x", parley::expr::Type::number});
    t.add({"ceasefire", parley::expr::Type::boolean});
    return t;
  }();
  return table;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto expected = data[0] % 2 ? parley::expr::Type::number : parley::expr::Type::boolean;
  const std::string_view source = parley::fuzz::text(data + 1, size - 1);
  parley::fuzz::expect_diagnosed([&] {
    parley::Diagnostics diags;
    const auto file = std::make_shared<const std::string>("fuzz.yaml");
    const auto program = parley::expr::compile(source, symbols(), expected, {file, 3, 14}, diags);
    if (!program) return;
    constexpr std::array<std::array<double, 4>, 3> kValues{{{0, 0, 0, 0}, {5.5, 2, -1e300, 1}, {-3, 1, 1e-300, 0}}};
    for (const auto& v : kValues) (void)program->evaluate(v);
    // A threshold names a variable the program reads, at a finite value; anything else would put a bad
    // breakpoint into the package grid.
    const auto& used = program->variables_used();
    for (const parley::expr::Threshold& t : program->thresholds()) {
      if (!std::isfinite(t.value) || std::find(used.begin(), used.end(), t.variable) == used.end()) std::abort();
    }
    // So do the linear constraints the off-grid search reads (analysis/witness), each term's coefficient nonzero.
    if (const auto constraints = program->linear()) {
      for (const auto& c : *constraints) {
        for (const auto& [variable, a] : c.terms)
          if (a == 0 || std::find(used.begin(), used.end(), variable) == used.end()) std::abort();
      }
    }
  });
  return 0;
}
