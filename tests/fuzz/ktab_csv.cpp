// Fuzz target: KTAB's CSV layout (the CSV reader, the importer and the validation of what it builds).
#include "fuzz_support.hpp"
#include "scenario/build.hpp"
#include "scenario/import.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  parley::fuzz::expect_diagnosed([&] {
    parley::Diagnostics diags;
    const auto file = std::make_shared<const std::string>("fuzz.csv");
    const auto root = parley::scenario::import_ktab_csv(parley::fuzz::text(data, size), file, diags);
    if (root) (void)parley::scenario::from_document(*root, diags);
  });
  return 0;
}
