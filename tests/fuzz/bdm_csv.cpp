// Fuzz target: a BDM table (actor, capability, position, salience), with the scale options a user gives,
// through the sniffing that routes CSV files and the validation of what the importer builds.
#include "fuzz_support.hpp"
#include "scenario/load.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  parley::fuzz::expect_diagnosed([&] {
    parley::Diagnostics diags;
    parley::scenario::LoadOptions options;
    options.csv.scale = std::pair{0.0, 100.0};
    options.csv.salience_max = 100.0;
    (void)parley::scenario::load_text(parley::fuzz::text(data, size), "fuzz.csv", options, diags);
  });
  return 0;
}
