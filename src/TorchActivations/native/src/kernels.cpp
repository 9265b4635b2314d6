// The fused kernels, compiled once per CPU level (CMakeLists.txt sets CPU_CAPABILITY and the flags):
// ATen's Vectorized<T> and cpu_kernel_vec then use that level's vector width. Each kernel makes one pass
// over its inputs. The arithmetic follows the package's composite formulas operation by operation, so
// both paths give the same values (up to the last bit of exp) and the same NaN/inf results.
#include <ATen/Dispatch.h>
#include <ATen/Parallel.h>
#include <ATen/cpu/vec/functional.h>
#include <ATen/cpu/vec/vec.h>
#include <ATen/native/cpu/Loops.h>
#include <c10/util/irange.h>
#include <cmath>

#include "kernel_table.h"
#include "philox.h"

namespace tak {
namespace {

using at::vec::Vectorized;

// Work per task for the hand-written loops: large enough to amortise scheduling, small enough to balance.
constexpr int64_t kGrain = 32768;

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

template <typename scalar_t>
void swish_backward_fused_typed(const at::Tensor& g, const at::Tensor& x, const at::Tensor& beta, at::Tensor& dx,
                                at::Tensor& dbeta, int64_t outer, int64_t channels, int64_t inner) {
  using Vec = Vectorized<scalar_t>;
  const scalar_t* gp = g.data_ptr<scalar_t>();
  const scalar_t* xp = x.data_ptr<scalar_t>();
  const scalar_t* bp = beta.data_ptr<scalar_t>();
  scalar_t* dxp = dx.defined() ? dx.data_ptr<scalar_t>() : nullptr;
  // Work units: pieces of at most kGrain elements of one (outer, channel) row; each has its own partial
  // sum of dβ, so threads never share an accumulator and no input-sized temporary is needed.
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
  scalar_t* out = dbeta.data_ptr<scalar_t>();
  std::vector<double> per_channel(channels, 0.0);
  for (int64_t u = 0; u < units; ++u) per_channel[(u / pieces_per_row) % channels] += partial[u];
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
    at::native::cpu_kernel_vec(
        iter, [=](scalar_t x) -> scalar_t { return std::isnan(x) ? x : std::min(std::max(x, scalar_t(0)), c); },
        [=](Vec x) -> Vec { return at::vec::clamp(x, Vec(0), Vec(c)); });
  });
}

void clipped_relu_backward(at::TensorIteratorBase& iter, double ceiling) {
  AT_DISPATCH_FLOATING_TYPES(iter.common_dtype(), "clipped_relu_backward", [&] {
    using Vec = Vectorized<scalar_t>;
    const scalar_t c = static_cast<scalar_t>(ceiling);
    at::native::cpu_kernel_vec(
        iter, [=](scalar_t g, scalar_t x) -> scalar_t { return g * static_cast<scalar_t>(x > 0 && x < c); },
        [=](Vec g, Vec x) -> Vec { return g * (x.gt(Vec(0)) * x.lt(Vec(c))); });
  });
}

// ---- RReLU, training: y = x where x > 0, else a·x; a drawn per element from Philox(seed, index / 4) ----

template <typename scalar_t, typename F>
void for_each_slope(int64_t n, double lower, double upper, uint64_t seed, const F& f) {
  const scalar_t lo = static_cast<scalar_t>(lower), range = static_cast<scalar_t>(upper - lower);
  const int64_t quads = (n + 3) / 4;
  at::parallel_for(0, quads, kGrain / 4, [&](int64_t q0, int64_t q1) {
    for (int64_t q = q0; q < q1; ++q) {
      Philox4x32 r = Philox4x32::generate(seed, static_cast<uint64_t>(q));
      const int64_t base = q * 4, count = std::min<int64_t>(4, n - base);
      for (int64_t k = 0; k < count; ++k) f(base + k, lo + range * uniform01<scalar_t>(r.v[k]));
    }
  });
}

void rrelu_forward(const at::Tensor& x, at::Tensor& y, double lower, double upper, uint64_t seed) {
  AT_DISPATCH_FLOATING_TYPES(x.scalar_type(), "rrelu_forward", [&] {
    const scalar_t* xp = x.data_ptr<scalar_t>();
    scalar_t* yp = y.data_ptr<scalar_t>();
    for_each_slope<scalar_t>(x.numel(), lower, upper, seed, [&](int64_t i, scalar_t a) {
      scalar_t v = xp[i];
      yp[i] = v > 0 ? v : v * a;
    });
  });
}

void rrelu_backward(const at::Tensor& g, const at::Tensor& x, at::Tensor& dx, double lower, double upper,
                    uint64_t seed) {
  AT_DISPATCH_FLOATING_TYPES(x.scalar_type(), "rrelu_backward", [&] {
    const scalar_t* xp = x.data_ptr<scalar_t>();
    const scalar_t* gp = g.data_ptr<scalar_t>();
    scalar_t* dp = dx.data_ptr<scalar_t>();
    for_each_slope<scalar_t>(x.numel(), lower, upper, seed, [&](int64_t i, scalar_t a) {
      dp[i] = xp[i] > 0 ? gp[i] : gp[i] * a;
    });
  });
}

// ---- Maxout ----

// Index of the winner among `pieces` values `stride` apart: the first maximum, or the first NaN.
template <typename scalar_t>
inline int64_t winner(const scalar_t* p, int64_t pieces, int64_t stride) {
  scalar_t best = p[0];
  int64_t at = 0;
  if (std::isnan(best)) return 0;
  for (int64_t j = 1; j < pieces; ++j) {
    scalar_t v = p[j * stride];
    if (!(v <= best)) {
      best = v;
      at = j;
      if (std::isnan(v)) break;
    }
  }
  return at;
}

void maxout_forward(const at::Tensor& x, at::Tensor& y, int64_t outer, int64_t groups, int64_t pieces, int64_t inner) {
  AT_DISPATCH_FLOATING_TYPES(x.scalar_type(), "maxout_forward", [&] {
    const scalar_t* xp = x.data_ptr<scalar_t>();
    scalar_t* yp = y.data_ptr<scalar_t>();
    const int64_t rows = outer * groups;
    at::parallel_for(0, rows, std::max<int64_t>(1, kGrain / (pieces * inner)), [&](int64_t r0, int64_t r1) {
      for (int64_t r = r0; r < r1; ++r) {
        const scalar_t* in = xp + r * pieces * inner;
        scalar_t* out = yp + r * inner;
        for (int64_t i = 0; i < inner; ++i) out[i] = in[winner(in + i, pieces, inner) * inner + i];
      }
    });
  });
}

void maxout_backward(const at::Tensor& g, const at::Tensor& x, at::Tensor& dx, int64_t outer, int64_t groups,
                     int64_t pieces, int64_t inner) {
  AT_DISPATCH_FLOATING_TYPES(x.scalar_type(), "maxout_backward", [&] {
    const scalar_t* xp = x.data_ptr<scalar_t>();
    const scalar_t* gp = g.data_ptr<scalar_t>();
    scalar_t* dp = dx.data_ptr<scalar_t>();
    const int64_t rows = outer * groups;
    at::parallel_for(0, rows, std::max<int64_t>(1, kGrain / (pieces * inner)), [&](int64_t r0, int64_t r1) {
      for (int64_t r = r0; r < r1; ++r) {
        const scalar_t* in = xp + r * pieces * inner;
        const scalar_t* grad = gp + r * inner;
        scalar_t* out = dp + r * pieces * inner;
        std::fill(out, out + pieces * inner, scalar_t(0));
        for (int64_t i = 0; i < inner; ++i) out[winner(in + i, pieces, inner) * inner + i] = grad[i];
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
    rrelu_forward,
    rrelu_backward,
    maxout_forward,
    maxout_backward,
};

}  // namespace tak
