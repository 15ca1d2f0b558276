// Fuzz target: a seat request as the site reads it (POST .../seats, `{"invitation": CODE}`).
#include "fuzz_support.hpp"
#include "host/requests.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  parley::fuzz::expect_diagnosed([&] { (void)parley::host::read_invitation(parley::fuzz::text(data, size)); });
  return 0;
}
