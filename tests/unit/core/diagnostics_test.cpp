#include <gtest/gtest.h>

#include "../test_support.hpp"
#include "parley/diagnostics.hpp"

namespace parley {
namespace {

TEST(Diagnostics, FormatsLikeACompiler) {
  const Diagnostic located{Severity::error, SourceLocation{test::file("a.yaml"), 3, 7}, "expected x, found y"};
  EXPECT_EQ(format_diagnostic(located), "a.yaml:3:7: error: expected x, found y");
  const Diagnostic no_column{Severity::warning, SourceLocation{test::file("a.yaml"), 3, 0}, "w"};
  EXPECT_EQ(format_diagnostic(no_column), "a.yaml:3: warning: w");
  const Diagnostic nowhere{Severity::error, SourceLocation{}, "no place"};
  EXPECT_EQ(format_diagnostic(nowhere), "error: no place");
}

TEST(Diagnostics, CountsErrorsNotWarningsAndSortsByPlace) {
  Diagnostics d;
  const auto f = test::file("a.yaml");
  d.error({f, 9, 1}, "late");
  d.warning({f, 2, 5}, "warn");
  d.error({f, 2, 1}, "early");
  EXPECT_EQ(d.error_count(), 2u);
  EXPECT_TRUE(d.has_errors());
  EXPECT_EQ(test::messages(d), "a.yaml:2:1: error: early\na.yaml:2:5: warning: warn\na.yaml:9:1: error: late\n");
}

}  // namespace
}  // namespace parley
