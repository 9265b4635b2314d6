// Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011): a
// counter-based generator. The 128-bit output for (key, counter) is a pure function of both, so any
// element's random number can be computed independently, in any order, on any thread, and recomputed
// later (the RReLU backward regenerates the forward's slopes instead of storing them).
#pragma once
#include <cstdint>
#include <immintrin.h>

namespace tak {
// Compiled into each CPU level's kernels with that level's flags: kept local to the translation unit so
// the linker never merges one level's copy into another.
namespace {

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

// Philox4x32-10 for kPhiloxLanes consecutive counters at once: one call yields 4·kPhiloxLanes words,
// word k of lane l in out[k][l], equal to Philox4x32::generate(key, first_counter + l).v[k], whatever
// the CPU level. Each 32-bit word sits in a 64-bit lane, so the rounds' 32x32->64-bit multiplies are
// single (v)pmuludq instructions (SSE2, AVX2 or AVX-512 wide); several independent registers keep the
// multiplier busy.
constexpr int kPhiloxLanes = 32;

#if defined(CPU_CAPABILITY_AVX512)
typedef __m512i PhiloxReg;
#define TAK_P(op) _mm512_##op
#define TAK_SI(op) _mm512_##op##_si512
#define TAK_SET1(v) _mm512_set1_epi64(v)
constexpr int kPhiloxRegLanes = 8;
#elif defined(CPU_CAPABILITY_AVX2)
typedef __m256i PhiloxReg;
#define TAK_P(op) _mm256_##op
#define TAK_SI(op) _mm256_##op##_si256
#define TAK_SET1(v) _mm256_set1_epi64x(v)
constexpr int kPhiloxRegLanes = 4;
#else  // baseline x86-64: SSE2
typedef __m128i PhiloxReg;
#define TAK_P(op) _mm_##op
#define TAK_SI(op) _mm_##op##_si128
#define TAK_SET1(v) _mm_set1_epi64x(v)
constexpr int kPhiloxRegLanes = 2;
#endif

inline void philox_lanes(uint64_t key, uint64_t first_counter, uint32_t out[4][kPhiloxLanes]) {
  constexpr int regs = kPhiloxLanes / kPhiloxRegLanes;
  // Only the low 32 bits of each lane are the Philox word: the multiplies read only those, the xors keep
  // them apart from the high bits, and the output takes only those, so no masking is needed.
  const PhiloxReg m0 = TAK_SET1(0xD2511F53), m1 = TAK_SET1(0xCD9E8D57);
  PhiloxReg c0[regs], c1[regs], c2[regs], c3[regs];
  for (int r = 0; r < regs; ++r) {
    alignas(64) uint64_t counters[kPhiloxRegLanes];
    for (int l = 0; l < kPhiloxRegLanes; ++l) counters[l] = first_counter + static_cast<uint64_t>(r * kPhiloxRegLanes + l);
    c0[r] = TAK_SI(load)(reinterpret_cast<const PhiloxReg*>(counters));
    c1[r] = TAK_P(srli_epi64)(c0[r], 32);
    c2[r] = TAK_SI(setzero)();
    c3[r] = TAK_SI(setzero)();
  }
  uint32_t k0 = static_cast<uint32_t>(key), k1 = static_cast<uint32_t>(key >> 32);
  for (int round = 0; round < 10; ++round) {
    const PhiloxReg key0 = TAK_SET1(k0), key1 = TAK_SET1(k1);
    for (int r = 0; r < regs; ++r) {
      PhiloxReg p0 = TAK_P(mul_epu32)(c0[r], m0), p1 = TAK_P(mul_epu32)(c2[r], m1);
#if defined(CPU_CAPABILITY_AVX512)
      // One three-way xor instruction each (truth table 0x96 = a ^ b ^ c).
      PhiloxReg n0 = _mm512_ternarylogic_epi64(_mm512_srli_epi64(p1, 32), c1[r], key0, 0x96);
      PhiloxReg n2 = _mm512_ternarylogic_epi64(_mm512_srli_epi64(p0, 32), c3[r], key1, 0x96);
#else
      PhiloxReg n0 = TAK_SI(xor)(TAK_SI(xor)(TAK_P(srli_epi64)(p1, 32), c1[r]), key0);
      PhiloxReg n2 = TAK_SI(xor)(TAK_SI(xor)(TAK_P(srli_epi64)(p0, 32), c3[r]), key1);
#endif
      c1[r] = p1;
      c3[r] = p0;
      c0[r] = n0;
      c2[r] = n2;
    }
    k0 += 0x9E3779B9u;
    k1 += 0xBB67AE85u;
  }
  // The low 32 bits of each 64-bit lane, in lane order.
  for (int r = 0; r < regs; ++r) {
    PhiloxReg words[4] = {c0[r], c1[r], c2[r], c3[r]};
    for (int k = 0; k < 4; ++k) {
      uint32_t* to = out[k] + r * kPhiloxRegLanes;
#if defined(CPU_CAPABILITY_AVX512)
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(to), _mm512_cvtepi64_epi32(words[k]));
#elif defined(CPU_CAPABILITY_AVX2)
      __m256i packed = _mm256_permutevar8x32_epi32(words[k], _mm256_setr_epi32(0, 2, 4, 6, 0, 2, 4, 6));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(to), _mm256_castsi256_si128(packed));
#else
      _mm_storel_epi64(reinterpret_cast<__m128i*>(to), _mm_shuffle_epi32(words[k], _MM_SHUFFLE(2, 0, 2, 0)));
#endif
    }
  }
}
#undef TAK_P
#undef TAK_SI
#undef TAK_SET1

// A uniform number in [0, 1) from 32 random bits (float64; float32 packs 24-bit uniforms itself).
template <typename T>
inline T uniform01(uint32_t bits);
template <>
inline double uniform01<double>(uint32_t bits) { return static_cast<double>(bits) * (1.0 / 4294967296.0); }

}  // namespace
}  // namespace tak
