#include "core/random.hpp"

#include <cmath>
#include <numbers>

namespace parley::core {

namespace {
constexpr std::uint64_t rotl(std::uint64_t x, int k) {
  return (x << k) | (x >> (64 - k));
}
}  // namespace

Stream::Stream(std::uint64_t seed, std::uint64_t draw, std::uint64_t input) {
  // Chain the three keys through the mixer so that nearby seeds, draws or inputs give unrelated states.
  std::uint64_t z = mix64(mix64(mix64(seed) ^ draw) ^ input);
  for (auto& word : s_) {
    z = mix64(z);
    word = z;
  }
}

std::uint64_t Stream::next() {
  const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

double Stream::uniform() {
  return static_cast<double>(next() >> 11) * 0x1.0p-53;
}

double Stream::open_uniform() {
  return (static_cast<double>(next() >> 11) + 0.5) * 0x1.0p-53;
}

double Stream::normal() {
  const double u1 = open_uniform();
  const double u2 = uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

}  // namespace parley::core
