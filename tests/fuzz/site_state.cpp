// Fuzz target: a negotiation's stored state document as the site reads it back from its store. A damaged
// store must give parley's own error, never a crash.
#include "fuzz_support.hpp"
#include "host/state.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    (void)parley::host::parse_state(std::string(parley::fuzz::text(data, size)));
  } catch (const parley::Error&) {}
  return 0;
}
