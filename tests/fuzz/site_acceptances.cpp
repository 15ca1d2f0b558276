// Fuzz target: a party's acceptances as the site reads them (POST .../acceptances), checked against open ids.
#include <array>

#include "fuzz_support.hpp"
#include "host/requests.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  constexpr std::array<std::int64_t, 8> kOpen{1, 2, 3, 4, 5, 6, 7, 9007199254740993};
  parley::fuzz::expect_diagnosed([&] {
    const auto list = parley::host::read_acceptances(parley::fuzz::text(data, size));
    (void)parley::host::accepted_ids(list, kOpen, "suggestion of round 1");
  });
  return 0;
}
