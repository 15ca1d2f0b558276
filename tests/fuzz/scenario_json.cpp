// Fuzz target: a scenario in JSON, read and validated (JSON reader, document checks, expressions, timeline).
#include "fuzz_support.hpp"
#include "scenario/load.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  parley::fuzz::expect_diagnosed([&] {
    parley::Diagnostics diags;
    (void)parley::scenario::load_text(parley::fuzz::text(data, size), "fuzz.json", {}, diags);
  });
  return 0;
}
