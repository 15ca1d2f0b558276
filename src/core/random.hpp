// Reproducible random numbers: a stream is a pure function of (seed, draw, input), so a Monte Carlo draw
// gives the same values whatever the thread or process that computes it, in whatever order, and any draw
// can be replayed alone (docs/models.md §7.1).
#pragma once

#include <cstdint>
#include <string_view>

namespace parley::core {

/// SplitMix64's finaliser (Steele, Lea & Flood 2014): a bijection on 64-bit words that mixes every bit.
[[nodiscard]] constexpr std::uint64_t mix64(std::uint64_t z) {
  z += 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

/// FNV-1a over a name: identifies an input by what it is (its path), not by where it sits in a list, so
/// adding an input elsewhere leaves every other input's draws unchanged.
[[nodiscard]] constexpr std::uint64_t name_hash(std::string_view name) {
  std::uint64_t h = 0xCBF29CE484222325ULL;
  for (const char c : name) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001B3ULL;
  }
  return h;
}

/// xoshiro256** (Blackman & Vigna 2018), seeded from (seed, draw, input) through SplitMix64.
class Stream {
 public:
  Stream(std::uint64_t seed, std::uint64_t draw, std::uint64_t input);

  [[nodiscard]] std::uint64_t next();
  /// Uniform on [0, 1), 53 random bits.
  [[nodiscard]] double uniform();
  /// Uniform on (0, 1): never 0, for logarithms.
  [[nodiscard]] double open_uniform();
  /// Standard normal, by the Box-Muller transform (one of the pair; the same number of uniforms each time,
  /// so a draw never depends on what came before it in another stream).
  [[nodiscard]] double normal();

 private:
  std::uint64_t s_[4];
};

}  // namespace parley::core
