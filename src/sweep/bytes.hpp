// The bytes a sweep sends between processes: numbers in this machine's byte order (the same build on the same kind
// of machine at both ends), texts as a u64 length and their bytes.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

namespace parley::sweep::bytes {

template <class T>
void put(std::string& out, T value) {
  static_assert(std::is_trivially_copyable_v<T>);
  out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

inline void put_text(std::string& out, std::string_view text) {
  put<std::uint64_t>(out, text.size());
  out.append(text);
}

/// Reads a T at `at`, advancing it; throws std::invalid_argument("truncated " + what) past the end.
template <class T>
T get(std::string_view in, std::size_t& at, const char* what) {
  if (in.size() - std::min(at, in.size()) < sizeof(T)) throw std::invalid_argument(std::string("truncated ") + what);
  T value;
  std::memcpy(&value, in.data() + at, sizeof value);
  at += sizeof value;
  return value;
}

inline std::string get_text(std::string_view in, std::size_t& at, const char* what) {
  const auto n = get<std::uint64_t>(in, at, what);
  if (in.size() - at < n) throw std::invalid_argument(std::string("truncated ") + what);
  std::string text(in.substr(at, n));
  at += n;
  return text;
}

}  // namespace parley::sweep::bytes
