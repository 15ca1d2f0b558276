// SHA-256 (FIPS 180-4), for stamping outputs with the hash of the scenario they came from.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace parley::core {

class Sha256 {
 public:
  Sha256();
  void update(std::string_view bytes);
  /// Finishes the hash; the object must not be updated afterwards.
  [[nodiscard]] std::array<std::uint8_t, 32> digest();

 private:
  void block(const std::uint8_t* p);
  std::array<std::uint32_t, 8> h_;
  std::array<std::uint8_t, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t length_ = 0;
};

/// Lower-case hex SHA-256 of `bytes`.
[[nodiscard]] std::string sha256_hex(std::string_view bytes);

}  // namespace parley::core
