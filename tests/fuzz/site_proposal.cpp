// Fuzz target: a party's proposal as the site reads it (POST .../proposals): one value per issue, by number
// or option name.
#include "fuzz_support.hpp"
#include "host/requests.hpp"
#include "site_bodies.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto& s = parley::fuzz::site_scenario();
  parley::fuzz::expect_diagnosed([&] { (void)parley::host::read_proposal(s, parley::fuzz::text(data, size)); });
  return 0;
}
