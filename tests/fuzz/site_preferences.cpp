// Fuzz target: a party's confidential preferences as the site reads them (PUT .../preferences), then the
// normalised form it stores and reads back.
#include "fuzz_support.hpp"
#include "host/preferences.hpp"
#include "site_bodies.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto& s = parley::fuzz::site_scenario();
  parley::fuzz::expect_diagnosed([&] {
    const auto p = parley::host::read_preferences(s, parley::fuzz::text(data, size));
    (void)parley::host::preferences_of(s, parley::host::preferences_node(s, p));
  });
  return 0;
}
