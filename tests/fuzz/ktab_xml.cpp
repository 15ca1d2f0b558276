// Fuzz target: KTAB's XML scenario (pugixml, the importer, and the validation of what it builds).
#include "fuzz_support.hpp"
#include "scenario/load.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  parley::fuzz::expect_diagnosed([&] {
    parley::Diagnostics diags;
    (void)parley::scenario::load_text(parley::fuzz::text(data, size), "fuzz.xml", {}, diags);
  });
  return 0;
}
