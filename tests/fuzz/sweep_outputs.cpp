// Fuzz target: the naming of a sweep's outputs. Any JSON document is emitted through the streaming
// sweep::OutputEmitter (which names an item when its naming key comes, possibly after its first values) and
// named again by the rules written over the whole tree (tests/unit/sweep/oracle.hpp); the two must agree exactly.
// Input that is not JSON is only parsed.
#include <cstdlib>

#include "../unit/sweep/oracle.hpp"
#include "doc/node.hpp"
#include "fuzz_support.hpp"
#include "sweep/outputs.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  parley::Diagnostics diags;
  const auto tree = parley::doc::parse_json(parley::fuzz::text(data, size), nullptr, diags);
  if (!tree) return 0;
  const auto streamed = parley::sweep::flatten(*tree);
  const auto expected = parley::sweep::test::oracle_flatten(*tree);
  if (streamed.size() != expected.size()) std::abort();
  for (std::size_t i = 0; i < expected.size(); ++i) {
    if (parley::sweep::test::describe(streamed[i]) != parley::sweep::test::describe(expected[i])) std::abort();
  }
  return 0;
}
