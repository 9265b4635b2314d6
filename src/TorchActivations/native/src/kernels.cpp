// The fused kernels, compiled once per CPU level (CMakeLists.txt sets CPU_CAPABILITY and the flags):
// ATen's Vectorized<T> and cpu_kernel_vec then use that level's vector width. Each kernel makes one pass
// over its inputs. The arithmetic follows the package's composite formulas operation by operation, so
// both paths give the same values (up to the last bit of exp) and the same NaN/inf results.
#include <ATen/Dispatch.h>
#include <ATen/Parallel.h>
#include <ATen/detail/FunctionTraits.h>
#include <ATen/cpu/vec/functional.h>
#include <ATen/cpu/vec/vec.h>
#include <ATen/native/cpu/Loops.h>
#include <c10/util/irange.h>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <immintrin.h>
#include <type_traits>

#include "kernel_table.h"
#include "philox.h"

namespace tak {
namespace {

using at::vec::Vectorized;

// Work per task for the hand-written loops: large enough to amortise scheduling, small enough to balance.
constexpr int64_t kGrain = 32768;

// Outputs at least this large go to memory with non-temporal stores: they cannot stay in the caches for the
// next layer anyway (the last-level cache of a typical core share is smaller), and a streaming store skips
// reading each output line from memory before overwriting it, a third of a pass's traffic. The memory-bound
// kernels (ClippedReLU, RReLU) use them; tanh GELU does not: with two threads its streaming stores
// measured slower than cached ones (28 against 18 ms, forward and backward of 2^24 floats).
constexpr int64_t kStreamBytes = 16 << 20;

// Stores v at out, bypassing the caches when Stream (out must then be aligned to the vector size).
template <bool Stream, typename scalar_t>
inline void store(Vectorized<scalar_t> v, scalar_t* out) {
#if defined(CPU_CAPABILITY_AVX512)
  if constexpr (Stream) {
    if constexpr (std::is_same_v<scalar_t, float>) return _mm512_stream_ps(out, v);
    else return _mm512_stream_pd(out, v);
  }
#elif defined(CPU_CAPABILITY_AVX2)
  if constexpr (Stream) {
    if constexpr (std::is_same_v<scalar_t, float>) return _mm256_stream_ps(out, v);
    else return _mm256_stream_pd(out, v);
  }
#endif
  v.store(out);
}

// True when the output at out may take streaming stores (see kStreamBytes).
template <typename scalar_t>
bool stream_output(const scalar_t* out, int64_t n) {
  return n * static_cast<int64_t>(sizeof(scalar_t)) >= kStreamBytes &&
         reinterpret_cast<uintptr_t>(out) % (Vectorized<scalar_t>::size() * sizeof(scalar_t)) == 0;
}

// Runs body(begin, end) over [0, n) in parallel, in runs of whole 64-element lines (8 mask bytes, whole
// vectors at every level), then orders the task's streaming stores.
template <typename F>
void for_each_line_run(int64_t n, const F& body) {
  constexpr int64_t kLine = 64;
  at::parallel_for(0, (n + kLine - 1) / kLine, kGrain / kLine, [&](int64_t l0, int64_t l1) {
    body(l0 * kLine, std::min(n, l1 * kLine));
    _mm_sfence();
  });
}

// True when iter's operands are all contiguous, of one dtype, and its output is large and aligned enough
// for streaming stores.
template <typename scalar_t>
bool streams(const at::TensorIteratorBase& iter) {
  if (!iter.is_contiguous()) return false;
  for (int i = 0; i < iter.ntensors(); ++i)
    if (iter.dtype(i) != c10::CppTypeToScalarType<scalar_t>::value) return false;
  return stream_output(static_cast<const scalar_t*>(iter.data_ptr(0)), iter.numel());
}

// cpu_kernel_vec for one or two inputs, with streaming stores where streams() allows: the work is split
// in runs of whole 64-element lines, so every thread's vector stores stay aligned.
template <typename scalar_t, typename S, typename V>
void map_elementwise(at::TensorIteratorBase& iter, const S& op, const V& vop) {
  using Vec = Vectorized<scalar_t>;
  constexpr int arity = ::function_traits<S>::arity;
  static_assert(arity == 1 || arity == 2, "one or two inputs");
  if (!streams<scalar_t>(iter)) return at::native::cpu_kernel_vec(iter, op, vop);
  const int64_t n = iter.numel();
  auto* out = static_cast<scalar_t*>(iter.data_ptr(0));
  const auto* a = static_cast<const scalar_t*>(iter.data_ptr(1));
  const auto* b = arity == 2 ? static_cast<const scalar_t*>(iter.data_ptr(2)) : nullptr;
  for_each_line_run(n, [&](int64_t begin, int64_t end) {
    int64_t j = begin;
    for (; j + Vec::size() <= end; j += Vec::size()) {
      if constexpr (arity == 1) store<true>(vop(Vec::loadu(a + j)), out + j);
      else store<true>(vop(Vec::loadu(a + j), Vec::loadu(b + j)), out + j);
    }
    for (; j < end; ++j) {
      if constexpr (arity == 1) out[j] = op(a[j]);
      else out[j] = op(a[j], b[j]);
    }
  });
}

template <typename T>
inline T sigmoid(T z) { return T(1) / (T(1) + std::exp(-z)); }
template <typename T>
inline Vectorized<T> sigmoid(Vectorized<T> z) { return Vectorized<T>(1) / (Vectorized<T>(1) + z.neg().exp()); }

// ---- Swish: y = x·σ(βx) ----

void swish_forward(at::TensorIteratorBase& iter) {
  AT_DISPATCH_FLOATING_TYPES(iter.common_dtype(), "swish_forward", [&] {
    using Vec = Vectorized<scalar_t>;
    at::native::cpu_kernel_vec(
        iter, [](scalar_t x, scalar_t b) -> scalar_t { return sigmoid(b * x) * x; },
        [](Vec x, Vec b) -> Vec { return sigmoid(b * x) * x; });
  });
}

// With s = σ(βx): gs = g·s, xt = x·(gs·(1 − s)), dx = gs + β·xt (and dβ = Σ xt·x).
void swish_backward_input(at::TensorIteratorBase& iter) {
  AT_DISPATCH_FLOATING_TYPES(iter.common_dtype(), "swish_backward_input", [&] {
    using Vec = Vectorized<scalar_t>;
    at::native::cpu_kernel_vec(
        iter,
        [](scalar_t g, scalar_t x, scalar_t b) -> scalar_t {
          scalar_t s = sigmoid(b * x), gs = g * s;
          return gs + b * (x * (gs * (scalar_t(1) - s)));
        },
        [](Vec g, Vec x, Vec b) -> Vec {
          Vec s = sigmoid(b * x), gs = g * s;
          return gs + b * (x * (gs * (Vec(1) - s)));
        });
  });
}

// With one β per channel and short channel rows (inner < kLongRow, e.g. the [N, C] output of a linear
// layer), work is split by chunks of whole [channels, inner] rows, each chunk summing into its own
// [channels] accumulator; otherwise by pieces of one channel's row.
constexpr int64_t kLongRow = 256;

template <typename scalar_t>
void swish_backward_fused_typed(const at::Tensor& g, const at::Tensor& x, const at::Tensor& beta, at::Tensor& dx,
                                at::Tensor& dbeta, int64_t outer, int64_t channels, int64_t inner) {
  using Vec = Vectorized<scalar_t>;
  const scalar_t* gp = g.data_ptr<scalar_t>();
  const scalar_t* xp = x.data_ptr<scalar_t>();
  const scalar_t* bp = beta.data_ptr<scalar_t>();
  scalar_t* dxp = dx.defined() ? dx.data_ptr<scalar_t>() : nullptr;
  std::vector<double> per_channel(channels, 0.0);

  if (channels > 1 && inner < kLongRow) {
    const int64_t row = channels * inner;
    const int64_t rows_per_chunk = std::max<int64_t>(1, kGrain / row);
    const int64_t chunks = (outer + rows_per_chunk - 1) / rows_per_chunk;
    std::vector<double> partial(chunks * channels, 0.0);   // one accumulator per chunk and channel
    at::parallel_for(0, chunks, 1, [&](int64_t c0, int64_t c1) {
      std::vector<double> acc(channels);   // double: a chunk adds up hundreds of rows
      scalar_t terms[Vec::size()];
      for (int64_t chunk = c0; chunk < c1; ++chunk) {
        std::fill(acc.begin(), acc.end(), 0.0);
        const int64_t o_end = std::min(outer, (chunk + 1) * rows_per_chunk);
        for (int64_t o = chunk * rows_per_chunk; o < o_end; ++o) {
          const scalar_t* xr = xp + o * row;
          const scalar_t* gr = gp + o * row;
          scalar_t* dr = dxp ? dxp + o * row : nullptr;
          int64_t c = 0;
          if (inner == 1) {   // consecutive elements are consecutive channels: vectorise across them
            for (; c + Vec::size() <= channels; c += Vec::size()) {
              Vec xv = Vec::loadu(xr + c), gv = Vec::loadu(gr + c), bv = Vec::loadu(bp + c);
              Vec s = sigmoid(bv * xv), gs = gv * s, xt = xv * (gs * (Vec(1) - s));
              if (dr) (gs + bv * xt).store(dr + c);
              (xt * xv).store(terms);
              for (int64_t k = 0; k < Vec::size(); ++k) acc[c + k] += terms[k];
            }
          }
          for (; c < channels; ++c) {
            const scalar_t b = bp[c];
            for (int64_t i = c * inner; i < (c + 1) * inner; ++i) {
              scalar_t xv = xr[i], s = sigmoid(b * xv), gs = gr[i] * s, xt = xv * (gs * (scalar_t(1) - s));
              if (dr) dr[i] = gs + b * xt;
              acc[c] += xt * xv;
            }
          }
        }
        for (int64_t c = 0; c < channels; ++c) partial[chunk * channels + c] = acc[c];
      }
    });
    for (int64_t chunk = 0; chunk < chunks; ++chunk)
      for (int64_t c = 0; c < channels; ++c) per_channel[c] += partial[chunk * channels + c];
  } else {
    // Pieces of at most kGrain elements of one (outer, channel) row, each with its own partial sum, so
    // threads never share an accumulator; the partials are a small fraction of the input's size.
    const int64_t pieces_per_row = std::max<int64_t>(1, (inner + kGrain - 1) / kGrain);
    const int64_t rows = outer * channels, units = rows * pieces_per_row;
    std::vector<double> partial(units, 0.0);
    at::parallel_for(0, units, 1, [&](int64_t u0, int64_t u1) {
      for (int64_t u = u0; u < u1; ++u) {
        const int64_t row = u / pieces_per_row, piece = u % pieces_per_row;
        const int64_t begin = row * inner + piece * kGrain;
        const int64_t end = row * inner + std::min(inner, (piece + 1) * kGrain);
        const scalar_t b = bp[row % channels];
        const Vec bv(b);
        double acc = 0;
        int64_t i = begin;
        // Sums in blocks of 16 vectors, each block added to a double: short float sums stay exact enough.
        constexpr int64_t block = 16 * Vec::size();
        for (; i + block <= end; i += block) {
          Vec sum(0);
          for (int64_t j = i; j < i + block; j += Vec::size()) {
            Vec xv = Vec::loadu(xp + j), gv = Vec::loadu(gp + j);
            Vec s = sigmoid(bv * xv), gs = gv * s, xt = xv * (gs * (Vec(1) - s));
            if (dxp) (gs + bv * xt).store(dxp + j);
            sum = sum + xt * xv;
          }
          acc += at::vec::vec_reduce_all<scalar_t>([](Vec a, Vec c) { return a + c; }, sum);
        }
        for (; i < end; ++i) {
          scalar_t xv = xp[i], s = sigmoid(b * xv), gs = gp[i] * s, xt = xv * (gs * (scalar_t(1) - s));
          if (dxp) dxp[i] = gs + b * xt;
          acc += static_cast<double>(xt * xv);
        }
        partial[u] = acc;
      }
    });
    for (int64_t u = 0; u < units; ++u) per_channel[(u / pieces_per_row) % channels] += partial[u];
  }
  scalar_t* out = dbeta.data_ptr<scalar_t>();
  for (int64_t c = 0; c < channels; ++c) out[c] = static_cast<scalar_t>(per_channel[c]);
}

void swish_backward_fused(const at::Tensor& g, const at::Tensor& x, const at::Tensor& beta, at::Tensor& dx,
                          at::Tensor& dbeta, int64_t outer, int64_t channels, int64_t inner) {
  AT_DISPATCH_FLOATING_TYPES(x.scalar_type(), "swish_backward_fused", [&] {
    swish_backward_fused_typed<scalar_t>(g, x, beta, dx, dbeta, outer, channels, inner);
  });
}

// ---- GELU, tanh form: y = x·σ(z), z = x·(A + B·x²), as (1 + tanh u)/2 = σ(2u) ----

constexpr double kGeluA = 1.5957691216057308;   // 2·√(2/π)
constexpr double kGeluB = kGeluA * 0.044715;

void gelu_tanh_forward(at::TensorIteratorBase& iter) {
  AT_DISPATCH_FLOATING_TYPES(iter.common_dtype(), "gelu_tanh_forward", [&] {
    using Vec = Vectorized<scalar_t>;
    const scalar_t A = kGeluA, B = kGeluB;
    at::native::cpu_kernel_vec(
        iter, [=](scalar_t x) -> scalar_t { return sigmoid((x * x * B + A) * x) * x; },
        [=](Vec x) -> Vec { return sigmoid((x * x * Vec(B) + Vec(A)) * x) * x; });
  });
}

// dy/dx = s + x·s·(1 − s)·(A + 3B·x²), s = σ(z).
void gelu_tanh_backward(at::TensorIteratorBase& iter) {
  AT_DISPATCH_FLOATING_TYPES(iter.common_dtype(), "gelu_tanh_backward", [&] {
    using Vec = Vectorized<scalar_t>;
    const scalar_t A = kGeluA, B = kGeluB, B3 = 3 * kGeluB;
    at::native::cpu_kernel_vec(
        iter,
        [=](scalar_t g, scalar_t x) -> scalar_t {
          scalar_t x2 = x * x, s = sigmoid(x * (x2 * B + A)), slope = x2 * B3 + A;
          return g * (s + x * s * (scalar_t(1) - s) * slope);
        },
        [=](Vec g, Vec x) -> Vec {
          Vec x2 = x * x, s = sigmoid(x * (x2 * Vec(B) + Vec(A))), slope = x2 * Vec(B3) + Vec(A);
          return g * (s + x * s * (Vec(1) - s) * slope);
        });
  });
}

// ---- ClippedReLU: min(max(x, 0), c); gradient only where 0 < x < c (a NaN stays NaN, its gradient 0·g) ----

void clipped_relu_forward(at::TensorIteratorBase& iter, double ceiling) {
  AT_DISPATCH_FLOATING_TYPES(iter.common_dtype(), "clipped_relu_forward", [&] {
    using Vec = Vectorized<scalar_t>;
    const scalar_t c = static_cast<scalar_t>(ceiling);
    map_elementwise<scalar_t>(
        iter, [=](scalar_t x) -> scalar_t { return std::isnan(x) ? x : std::min(std::max(x, scalar_t(0)), c); },
        [=](Vec x) -> Vec { return at::vec::clamp(x, Vec(0), Vec(c)); });
  });
}

void clipped_relu_backward(at::TensorIteratorBase& iter, double ceiling) {
  AT_DISPATCH_FLOATING_TYPES(iter.common_dtype(), "clipped_relu_backward", [&] {
    using Vec = Vectorized<scalar_t>;
    const scalar_t c = static_cast<scalar_t>(ceiling);
    map_elementwise<scalar_t>(
        iter, [=](scalar_t g, scalar_t x) -> scalar_t { return g * static_cast<scalar_t>(x > 0 && x < c); },
        [=](Vec g, Vec x) -> Vec { return g * (x.gt(Vec(0)) * x.lt(Vec(c))); });
  });
}

// ---- ClippedReLU with a bit mask: the forward also writes bit i of a mask, [0 < x_i < c], and the
// backward reads the mask (n/8 bytes) in place of x (4n or 8n bytes): a fifth less memory traffic over
// forward and backward. For contiguous float32 and float64 inputs; bit i is bit i % 8 of byte i / 8. ----

template <bool Stream, typename scalar_t>
void clipped_relu_forward_masked_run(const scalar_t* x, scalar_t* y, uint8_t* mask, int64_t i, int64_t end, scalar_t c) {
  using Vec = Vectorized<scalar_t>;
#if defined(CPU_CAPABILITY_AVX512) || defined(CPU_CAPABILITY_AVX2)
  // A vector's compare mask is 16, 8 or 4 bits; two vectors of four doubles make one byte.
  constexpr int64_t step = Vec::size() >= 8 ? Vec::size() : 8;
  for (; i + step <= end; i += step) {
    for (int64_t h = 0; h < step; h += Vec::size()) {
      Vec v = Vec::loadu(x + i + h);
      store<Stream>(at::vec::clamp(v, Vec(0), Vec(c)), y + i + h);
    }
#if defined(CPU_CAPABILITY_AVX512)
    if constexpr (std::is_same_v<scalar_t, float>) {
      __m512 v = _mm512_loadu_ps(x + i);
      uint16_t k = _mm512_cmp_ps_mask(v, _mm512_setzero_ps(), _CMP_GT_OQ) & _mm512_cmp_ps_mask(v, _mm512_set1_ps(c), _CMP_LT_OQ);
      std::memcpy(mask + i / 8, &k, 2);
    } else {
      __m512d v = _mm512_loadu_pd(x + i);
      mask[i / 8] = _mm512_cmp_pd_mask(v, _mm512_setzero_pd(), _CMP_GT_OQ) & _mm512_cmp_pd_mask(v, _mm512_set1_pd(c), _CMP_LT_OQ);
    }
#else
    if constexpr (std::is_same_v<scalar_t, float>) {
      __m256 v = _mm256_loadu_ps(x + i);
      mask[i / 8] = static_cast<uint8_t>(_mm256_movemask_ps(
          _mm256_and_ps(_mm256_cmp_ps(v, _mm256_setzero_ps(), _CMP_GT_OQ), _mm256_cmp_ps(v, _mm256_set1_ps(c), _CMP_LT_OQ))));
    } else {
      int bits = 0;
      for (int h = 0; h < 2; ++h) {
        __m256d v = _mm256_loadu_pd(x + i + 4 * h);
        bits |= _mm256_movemask_pd(_mm256_and_pd(_mm256_cmp_pd(v, _mm256_setzero_pd(), _CMP_GT_OQ),
                                                 _mm256_cmp_pd(v, _mm256_set1_pd(c), _CMP_LT_OQ))) << (4 * h);
      }
      mask[i / 8] = static_cast<uint8_t>(bits);
    }
#endif
  }
#endif
  // The rest (all of it at the baseline level), a mask byte at a time; i is a multiple of 8 here.
  for (; i < end; i += 8) {
    uint8_t bits = 0;
    for (int64_t j = 0; j < 8 && i + j < end; ++j) {
      scalar_t v = x[i + j];
      bits |= static_cast<uint8_t>(v > 0 && v < c) << j;
      y[i + j] = std::isnan(v) ? v : std::min(std::max(v, scalar_t(0)), c);
    }
    mask[i / 8] = bits;
  }
}

// dx = g·[bit]: a product with 1 or 0 (not a select), so a NaN or infinite g gives NaN where the bit is 0,
// as g·[0 < x < c] does.
template <bool Stream, typename scalar_t>
void clipped_relu_backward_masked_run(const scalar_t* g, const uint8_t* mask, scalar_t* dx, int64_t i, int64_t end) {
  using Vec = Vectorized<scalar_t>;
#if defined(CPU_CAPABILITY_AVX512)
  for (; i + Vec::size() <= end; i += Vec::size()) {
    Vec one_or_zero;
    if constexpr (std::is_same_v<scalar_t, float>) {
      uint16_t k;
      std::memcpy(&k, mask + i / 8, 2);
      one_or_zero = _mm512_maskz_mov_ps(k, _mm512_set1_ps(1.0f));
    } else {
      one_or_zero = _mm512_maskz_mov_pd(mask[i / 8], _mm512_set1_pd(1.0));
    }
    store<Stream>(Vec::loadu(g + i) * one_or_zero, dx + i);
  }
#elif defined(CPU_CAPABILITY_AVX2)
  for (; i + Vec::size() <= end; i += Vec::size()) {
    Vec one_or_zero;
    if constexpr (std::is_same_v<scalar_t, float>) {
      const __m256i lane_bits = _mm256_setr_epi32(1, 2, 4, 8, 16, 32, 64, 128);
      __m256i set = _mm256_cmpeq_epi32(_mm256_and_si256(_mm256_set1_epi32(mask[i / 8]), lane_bits), lane_bits);
      one_or_zero = _mm256_and_ps(_mm256_castsi256_ps(set), _mm256_set1_ps(1.0f));
    } else {
      const __m256i lane_bits = _mm256_setr_epi64x(1, 2, 4, 8);
      __m256i set = _mm256_cmpeq_epi64(_mm256_and_si256(_mm256_set1_epi64x(mask[i / 8] >> (i % 8)), lane_bits), lane_bits);
      one_or_zero = _mm256_and_pd(_mm256_castsi256_pd(set), _mm256_set1_pd(1.0));
    }
    store<Stream>(Vec::loadu(g + i) * one_or_zero, dx + i);
  }
#endif
  for (; i < end; ++i) dx[i] = g[i] * static_cast<scalar_t>((mask[i / 8] >> (i % 8)) & 1);
}

void clipped_relu_forward_masked(const at::Tensor& x, at::Tensor& y, at::Tensor& mask, double ceiling) {
  AT_DISPATCH_FLOATING_TYPES(x.scalar_type(), "clipped_relu_forward_masked", [&] {
    const scalar_t* xp = x.data_ptr<scalar_t>();
    scalar_t* yp = y.data_ptr<scalar_t>();
    uint8_t* mp = mask.data_ptr<uint8_t>();
    const scalar_t c = static_cast<scalar_t>(ceiling);
    const int64_t n = x.numel();
    if (stream_output(yp, n))
      for_each_line_run(n, [&](int64_t b, int64_t e) { clipped_relu_forward_masked_run<true>(xp, yp, mp, b, e, c); });
    else
      for_each_line_run(n, [&](int64_t b, int64_t e) { clipped_relu_forward_masked_run<false>(xp, yp, mp, b, e, c); });
  });
}

void clipped_relu_backward_masked(const at::Tensor& g, const at::Tensor& mask, at::Tensor& dx) {
  AT_DISPATCH_FLOATING_TYPES(g.scalar_type(), "clipped_relu_backward_masked", [&] {
    const scalar_t* gp = g.data_ptr<scalar_t>();
    const uint8_t* mp = mask.data_ptr<uint8_t>();
    scalar_t* dp = dx.data_ptr<scalar_t>();
    const int64_t n = g.numel();
    if (stream_output(dp, n))
      for_each_line_run(n, [&](int64_t b, int64_t e) { clipped_relu_backward_masked_run<true>(gp, mp, dp, b, e); });
    else
      for_each_line_run(n, [&](int64_t b, int64_t e) { clipped_relu_backward_masked_run<false>(gp, mp, dp, b, e); });
  });
}

// ---- RReLU, training: y = x where x > 0, else a·x, with a drawn per element from a Philox stream ----

// Uniforms per Philox lane (128 random bits): float32 takes 24 bits each, as libtorch's own uniform does, so
// five fit (120 bits); float64 takes four of 32 bits.
template <typename scalar_t>
constexpr int kUniformsPerLane = std::is_same_v<scalar_t, float> ? 5 : 4;

// For each block of kUniformsPerLane·kPhiloxLanes elements (160 float32, 128 float64), calls
// block(base, count, a) with a[j] the slope of element base + j: a = lower + (upper − lower)·u, where
// element j of block b takes uniform j / 32 of lane j % 32, lane l being Philox(seed, 32·b + l) =
// (w0, w1, w2, w3). Float32's five 24-bit uniforms are the lane's bits in order, w0 first, most
// significant bit first: w0 >> 8, (w0 & 0xFF) << 16 | w1 >> 16, (w1 & 0xFFFF) << 8 | w2 >> 24,
// w2 & 0xFFFFFF, w3 >> 8; float64's four are w0..w3 / 2^32. The mapping is the same at every CPU
// level, so results do not depend on the CPU.
template <typename scalar_t, typename F>
void for_each_slope_block(int64_t n, double lower, double upper, uint64_t seed, const F& block) {
  const scalar_t lo = static_cast<scalar_t>(lower), range = static_cast<scalar_t>(upper - lower);
  constexpr int64_t per_block = kUniformsPerLane<scalar_t> * kPhiloxLanes;
  const int64_t blocks = (n + per_block - 1) / per_block;
  at::parallel_for(0, blocks, std::max<int64_t>(1, kGrain / per_block), [&](int64_t b0, int64_t b1) {
    uint32_t w[4][kPhiloxLanes];
    scalar_t slopes[per_block];
    for (int64_t b = b0; b < b1; ++b) {
      philox_lanes(seed, static_cast<uint64_t>(b * kPhiloxLanes), w);
      // Each k is its own loop over the lanes, so the compiler vectorises it.
      constexpr int L = kPhiloxLanes;
      if constexpr (std::is_same_v<scalar_t, float>) {
        constexpr float unit = 1.0f / 16777216.0f;
        for (int l = 0; l < L; ++l) slopes[0 * L + l] = lo + range * (static_cast<float>(w[0][l] >> 8) * unit);
        for (int l = 0; l < L; ++l) slopes[1 * L + l] = lo + range * (static_cast<float>(((w[0][l] & 0xFFu) << 16) | (w[1][l] >> 16)) * unit);
        for (int l = 0; l < L; ++l) slopes[2 * L + l] = lo + range * (static_cast<float>(((w[1][l] & 0xFFFFu) << 8) | (w[2][l] >> 24)) * unit);
        for (int l = 0; l < L; ++l) slopes[3 * L + l] = lo + range * (static_cast<float>(w[2][l] & 0xFFFFFFu) * unit);
        for (int l = 0; l < L; ++l) slopes[4 * L + l] = lo + range * (static_cast<float>(w[3][l] >> 8) * unit);
      } else {
        for (int k = 0; k < 4; ++k)
          for (int l = 0; l < L; ++l) slopes[k * L + l] = lo + range * uniform01<scalar_t>(w[k][l]);
      }
      const int64_t base = b * per_block;
      block(base, std::min<int64_t>(per_block, n - base), slopes);
    }
    _mm_sfence();  // order this task's streaming stores, if block made any, before the pass returns
  });
}

// out = where(x > 0, v, v·a), elementwise; branch-free, since the signs of x are random.
template <bool Stream, typename scalar_t>
inline void select_scaled(const scalar_t* x, const scalar_t* v, const scalar_t* a, scalar_t* out, int64_t count) {
  using Vec = Vectorized<scalar_t>;
  int64_t j = 0;
  for (; j + Vec::size() <= count; j += Vec::size()) {
    Vec vv = Vec::loadu(v + j);
    store<Stream>(Vec::blendv(vv * Vec::loadu(a + j), vv, Vec::loadu(x + j) > Vec(0)), out + j);
  }
  for (; j < count; ++j) out[j] = x[j] > 0 ? v[j] : v[j] * a[j];
}

// out = where(x > 0, v, v·a) for all n elements, the slopes a drawn block by block.
template <typename scalar_t>
void rrelu_pass(const scalar_t* x, const scalar_t* v, scalar_t* out, int64_t n, double lower, double upper, uint64_t seed) {
  if (stream_output(out, n)) {
    for_each_slope_block<scalar_t>(n, lower, upper, seed, [&](int64_t base, int64_t count, const scalar_t* a) {
      select_scaled<true>(x + base, v + base, a, out + base, count);
    });
  } else {
    for_each_slope_block<scalar_t>(n, lower, upper, seed, [&](int64_t base, int64_t count, const scalar_t* a) {
      select_scaled<false>(x + base, v + base, a, out + base, count);
    });
  }
}

void rrelu_forward(const at::Tensor& x, at::Tensor& y, double lower, double upper, uint64_t seed) {
  AT_DISPATCH_FLOATING_TYPES(x.scalar_type(), "rrelu_forward", [&] {
    rrelu_pass(x.data_ptr<scalar_t>(), x.data_ptr<scalar_t>(), y.data_ptr<scalar_t>(), x.numel(), lower, upper, seed);
  });
}

void rrelu_backward(const at::Tensor& g, const at::Tensor& x, at::Tensor& dx, double lower, double upper,
                    uint64_t seed) {
  AT_DISPATCH_FLOATING_TYPES(x.scalar_type(), "rrelu_backward", [&] {
    rrelu_pass(x.data_ptr<scalar_t>(), g.data_ptr<scalar_t>(), dx.data_ptr<scalar_t>(), x.numel(), lower, upper, seed);
  });
}

// ---- Maxout ----

// Each group's winner is its first maximum, or its first NaN (as libtorch's max along a dimension):
// a later value v replaces the best b when b is not NaN and (v > b or v is NaN).

// The winner's index and value for every inner position of one group row; vectorised across the inner
// positions, which are contiguous, and written without branches so ties and NaNs follow the rule above.
template <typename scalar_t, typename EmitVec, typename EmitOne>
inline void row_winners(const scalar_t* in, int64_t pieces, int64_t inner, const EmitVec& emit, const EmitOne& emit_one) {
  using Vec = Vectorized<scalar_t>;
  int64_t i = 0;
  for (; i + Vec::size() <= inner; i += Vec::size()) {
    Vec best = Vec::loadu(in + i), index(0);
    for (int64_t j = 1; j < pieces; ++j) {
      Vec v = Vec::loadu(in + j * inner + i);
      Vec replace = (best == best) & ((v > best) | (v != v));   // x == x is false exactly for NaN
      best = Vec::blendv(best, v, replace);
      index = Vec::blendv(index, Vec(static_cast<scalar_t>(j)), replace);
    }
    emit(i, best, index);
  }
  for (; i < inner; ++i) {
    scalar_t best = in[i];
    int64_t index = 0;
    for (int64_t j = 1; j < pieces; ++j) {
      scalar_t v = in[j * inner + i];
      // Non-short-circuit & and |, so this compiles to selects: with random data a branch here would be
      // mispredicted half the time (maxout over dimension -1 of a 2-D input takes only this path).
      bool replace = (best == best) & ((v > best) | (v != v));
      best = replace ? v : best;
      index = replace ? j : index;
    }
    emit_one(i, best, index);
  }
}

// The winner among `pieces` adjacent values (the rule above), without branches.
template <typename scalar_t>
inline int64_t group_winner(const scalar_t* p, int64_t pieces) {
  scalar_t best = p[0];
  int64_t index = 0;
  for (int64_t j = 1; j < pieces; ++j) {
    scalar_t v = p[j];
    bool replace = (best == best) & ((v > best) | (v != v));
    best = replace ? v : best;
    index = replace ? j : index;
  }
  return index;
}

void maxout_forward(const at::Tensor& x, at::Tensor& y, int64_t outer, int64_t groups, int64_t pieces, int64_t inner) {
  AT_DISPATCH_FLOATING_TYPES(x.scalar_type(), "maxout_forward", [&] {
    using Vec = Vectorized<scalar_t>;
    const scalar_t* xp = x.data_ptr<scalar_t>();
    scalar_t* yp = y.data_ptr<scalar_t>();
    if (inner == 1) {   // the pieces of a group are adjacent: one tight loop over the groups
      at::parallel_for(0, outer * groups, std::max<int64_t>(1, kGrain / pieces), [&](int64_t r0, int64_t r1) {
        for (int64_t r = r0; r < r1; ++r) yp[r] = xp[r * pieces + group_winner(xp + r * pieces, pieces)];
      });
      return;
    }
    at::parallel_for(0, outer * groups, std::max<int64_t>(1, kGrain / (pieces * inner)), [&](int64_t r0, int64_t r1) {
      for (int64_t r = r0; r < r1; ++r) {
        scalar_t* out = yp + r * inner;
        row_winners<scalar_t>(
            xp + r * pieces * inner, pieces, inner, [&](int64_t i, Vec best, Vec) { best.store(out + i); },
            [&](int64_t i, scalar_t best, int64_t) { out[i] = best; });
      }
    });
  });
}

void maxout_backward(const at::Tensor& g, const at::Tensor& x, at::Tensor& dx, int64_t outer, int64_t groups,
                     int64_t pieces, int64_t inner) {
  AT_DISPATCH_FLOATING_TYPES(x.scalar_type(), "maxout_backward", [&] {
    using Vec = Vectorized<scalar_t>;
    const scalar_t* xp = x.data_ptr<scalar_t>();
    const scalar_t* gp = g.data_ptr<scalar_t>();
    scalar_t* dp = dx.data_ptr<scalar_t>();
    if (inner == 1) {
      at::parallel_for(0, outer * groups, std::max<int64_t>(1, kGrain / pieces), [&](int64_t r0, int64_t r1) {
        for (int64_t r = r0; r < r1; ++r) {
          const int64_t index = group_winner(xp + r * pieces, pieces);
          for (int64_t j = 0; j < pieces; ++j) dp[r * pieces + j] = j == index ? gp[r] : scalar_t(0);
        }
      });
      return;
    }
    at::parallel_for(0, outer * groups, std::max<int64_t>(1, kGrain / (pieces * inner)), [&](int64_t r0, int64_t r1) {
      for (int64_t r = r0; r < r1; ++r) {
        const scalar_t* grad = gp + r * inner;
        scalar_t* out = dp + r * pieces * inner;
        row_winners<scalar_t>(
            xp + r * pieces * inner, pieces, inner,
            [&](int64_t i, Vec, Vec index) {
              Vec gv = Vec::loadu(grad + i);
              for (int64_t j = 0; j < pieces; ++j)
                Vec::blendv(Vec(0), gv, index == Vec(static_cast<scalar_t>(j))).store(out + j * inner + i);
            },
            [&](int64_t i, scalar_t, int64_t index) {
              for (int64_t j = 0; j < pieces; ++j) out[j * inner + i] = index == j ? grad[i] : scalar_t(0);
            });
      }
    });
  });
}

}  // namespace

extern const KernelTable TAK_TABLE_NAME;
const KernelTable TAK_TABLE_NAME = {
    C10_STRINGIZE(CPU_CAPABILITY),
    swish_forward,
    swish_backward_input,
    swish_backward_fused,
    gelu_tanh_forward,
    gelu_tanh_backward,
    clipped_relu_forward,
    clipped_relu_backward,
    clipped_relu_forward_masked,
    clipped_relu_backward_masked,
    rrelu_forward,
    rrelu_backward,
    maxout_forward,
    maxout_backward,
};

}  // namespace tak
