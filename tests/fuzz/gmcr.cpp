// Fuzz target: a gmcr-py `.gmcr` graph model (JSON reader, the importer, the graph model it builds).
#include "fuzz_support.hpp"
#include "scenario/load.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  parley::fuzz::expect_diagnosed([&] {
    parley::Diagnostics diags;
    (void)parley::scenario::load_text(parley::fuzz::text(data, size), "fuzz.gmcr", {}, diags);
  });
  return 0;
}
