// UTF-8 helpers for the readers and writers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace parley::doc {

/// Byte offset of the first byte that is not part of valid UTF-8, or npos.
[[nodiscard]] std::size_t first_invalid_utf8(std::string_view s);
void append_utf8(std::string& out, std::uint32_t cp);

}  // namespace parley::doc
