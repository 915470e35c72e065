#pragma once

// Well-defined pseudo-random numbers for the data generators: the same seed gives the same
// sequence on every platform and standard library (std::uniform_*_distribution does not).
#include <cstdint>

namespace ingot::generators {

// One step of SplitMix64 (Steele, Lea, Flood 2014): a strong 64-bit mixing function. Used both as
// a counter-based hash (Mix(seed ^ key)) and to seed Rng.
inline uint64_t Mix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// A hash of (seed, key, salt): the counter-based randomness that makes every generated row a pure
// function of its id, so that rows can be regenerated later (duplicates, late updates).
inline uint64_t HashKey(uint64_t seed, uint64_t key, uint64_t salt) {
  return Mix64(seed ^ Mix64(key ^ Mix64(salt)));
}

// xoshiro256** 1.0 (Blackman, Vigna): fast, small state, seeded through SplitMix64.
class Rng {
 public:
  explicit Rng(uint64_t seed) {
    for (uint64_t& word : s_) {
      seed += 0x9e3779b97f4a7c15ULL;
      word = Mix64(seed);
    }
  }

  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, n) for n >= 1 (Lemire's multiply-shift; the tiny bias is irrelevant here and
  // keeps the result identical everywhere).
  uint64_t Below(uint64_t n) {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(Next()) * n) >> 64);
  }

  // Uniform in [lo, hi] (inclusive).
  int64_t Between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo) + 1));
  }

  // Uniform in [0, 1) with 53 random bits.
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

  // True with probability p.
  bool Chance(double p) { return Unit() < p; }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

}  // namespace ingot::generators
