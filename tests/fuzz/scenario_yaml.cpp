// Fuzz target: a scenario in YAML, read and validated (YAML reader, document checks, expressions, timeline).
#include "fuzz_support.hpp"
#include "scenario/load.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  parley::fuzz::expect_diagnosed([&] {
    parley::Diagnostics diags;
    (void)parley::scenario::load_text(parley::fuzz::text(data, size), "fuzz.yaml", {}, diags);
  });
  return 0;
}
