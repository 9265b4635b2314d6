// Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011): a
// counter-based generator. The 128-bit output for (key, counter) is a pure function of both, so any
// element's random number can be computed independently, in any order, on any thread, and recomputed
// later (the RReLU backward regenerates the forward's slopes instead of storing them).
#pragma once
#include <cstdint>

namespace tak {

struct Philox4x32 {
  uint32_t v[4];

  static inline Philox4x32 generate(uint64_t key, uint64_t counter) {
    uint32_t c0 = static_cast<uint32_t>(counter), c1 = static_cast<uint32_t>(counter >> 32), c2 = 0, c3 = 0;
    uint32_t k0 = static_cast<uint32_t>(key), k1 = static_cast<uint32_t>(key >> 32);
    for (int round = 0; round < 10; ++round) {
      uint64_t p0 = uint64_t{0xD2511F53u} * c0;
      uint64_t p1 = uint64_t{0xCD9E8D57u} * c2;
      uint32_t n0 = static_cast<uint32_t>(p1 >> 32) ^ c1 ^ k0;
      uint32_t n2 = static_cast<uint32_t>(p0 >> 32) ^ c3 ^ k1;
      c1 = static_cast<uint32_t>(p1);
      c3 = static_cast<uint32_t>(p0);
      c0 = n0;
      c2 = n2;
      k0 += 0x9E3779B9u;
      k1 += 0xBB67AE85u;
    }
    return Philox4x32{{c0, c1, c2, c3}};
  }
};

// A uniform number in [0, 1) from 32 random bits: 24 bits for float, all 32 for double.
template <typename T>
inline T uniform01(uint32_t bits);
template <>
inline float uniform01<float>(uint32_t bits) { return static_cast<float>(bits >> 8) * (1.0f / 16777216.0f); }
template <>
inline double uniform01<double>(uint32_t bits) { return static_cast<double>(bits) * (1.0 / 4294967296.0); }

}  // namespace tak
