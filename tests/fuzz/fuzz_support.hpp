// What every fuzz target shares: the input as text, and the one rule of what may escape a reader. A reader
// reports bad input as diagnostics or as one of parley's documented errors; anything else (a crash, a
// sanitizer report, a foreign exception, a hang) is a finding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "parley/error.hpp"

namespace parley::fuzz {

inline std::string_view text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// Runs `read`, absorbing the errors the readers document for bad input (InputError, DataError, UsageError,
/// Refused); every other exception escapes, and libFuzzer reports it.
template <typename F>
void expect_diagnosed(F&& read) {
  try {
    read();
  } catch (const InputError&) {
  } catch (const DataError&) {
  } catch (const UsageError&) {
  } catch (const Refused&) {}
}

}  // namespace parley::fuzz
