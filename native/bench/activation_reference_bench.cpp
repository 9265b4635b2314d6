// libtorch's own activation kernels that TorchSharp 0.106.0's API cannot reach (training-mode rrelu,
// the tanh form of gelu), timed from C++ the way the C# kernel comparison times ours: 2^24 float32
// elements, forward + backward, upstream gradient of ones, interleaved rounds, medians of 21 (more than
// the C# table's 11: the RReLU target is a ratio to these numbers, and this VM is noisy), one and two
// threads, glibc's mmap off (as HeapSettings does). These are what PyTorch 1.13 runs for
// F.rrelu(x, training=True) and F.gelu(x, approximate="tanh").
// Given the path of the package's kernel library (libTorchActivationsKernels.so), the same rounds also
// run its fused RReLU, tanh GELU and ClippedReLU, so each ratio to libtorch comes from one process,
// interleaved.
#include <torch/torch.h>
#include <dlfcn.h>
#include <malloc.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <vector>

using Clock = std::chrono::steady_clock;

using RreluFn = at::Tensor* (*)(at::Tensor*, double, double, int64_t);
using UnaryFn = at::Tensor* (*)(at::Tensor*);
using ClippedFn = at::Tensor* (*)(at::Tensor*, double);
using ErrorFn = const char* (*)();

// The library returns a new handle the caller owns, or null with the message in tak_last_error().
static at::Tensor take(at::Tensor* handle, ErrorFn last_error) {
  if (handle == nullptr) {
    std::fprintf(stderr, "kernel library: %s\n", last_error());
    std::exit(1);
  }
  at::Tensor t = *handle;
  delete handle;
  return t;
}

int main(int argc, char** argv) {
  mallopt(M_MMAP_MAX, 0);
  mallopt(M_TRIM_THRESHOLD, 0x7fffffff);
  torch::manual_seed(0);
  auto x = torch::randn({64, 256, 1024});
  std::vector<std::pair<const char*, std::function<at::Tensor(const at::Tensor&)>>> cases = {
      {"rrelu_training (rrelu_with_noise)", [](const at::Tensor& t) {
         auto noise = at::empty_like(t);
         return at::rrelu_with_noise(t, noise, 1.0 / 8, 1.0 / 3, /*training=*/true);
       }},
      {"gelu_tanh", [](const at::Tensor& t) { return at::gelu(t, "tanh"); }},
      {"gelu_exact", [](const at::Tensor& t) { return at::gelu(t); }},
      {"silu", [](const at::Tensor& t) { return at::silu(t); }},
      {"hardtanh(0, 6) (relu6)", [](const at::Tensor& t) { return at::hardtanh(t, 0, 6); }},
      {"copy (clone)", [](const at::Tensor& t) { return t.clone(); }},
  };
  if (argc > 1) {
    void* lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (lib == nullptr) {
      std::fprintf(stderr, "cannot load %s: %s\n", argv[1], dlerror());
      return 1;
    }
    auto rrelu = reinterpret_cast<RreluFn>(dlsym(lib, "tak_rrelu_train"));
    auto gelu_tanh = reinterpret_cast<UnaryFn>(dlsym(lib, "tak_gelu_tanh"));
    auto clipped_relu = reinterpret_cast<ClippedFn>(dlsym(lib, "tak_clipped_relu"));
    auto last_error = reinterpret_cast<ErrorFn>(dlsym(lib, "tak_last_error"));
    auto capability = reinterpret_cast<const char* (*)()>(dlsym(lib, "tak_cpu_capability"));
    if (!rrelu || !gelu_tanh || !clipped_relu || !last_error || !capability) {
      std::fprintf(stderr, "%s lacks the tak_* entry points\n", argv[1]);
      return 1;
    }
    std::printf("kernel library %s, CPU level %s\n", argv[1], capability());
    static int64_t seed = 0;
    cases.push_back({"ours: rrelu fused (Philox)", [=](const at::Tensor& t) {
                       return take(rrelu(const_cast<at::Tensor*>(&t), 1.0 / 8, 1.0 / 3, ++seed), last_error);
                     }});
    cases.push_back({"ours: gelu_tanh fused", [=](const at::Tensor& t) {
                       return take(gelu_tanh(const_cast<at::Tensor*>(&t)), last_error);
                     }});
    cases.push_back({"ours: clipped_relu(6) fused", [=](const at::Tensor& t) {
                       return take(clipped_relu(const_cast<at::Tensor*>(&t), 6.0), last_error);
                     }});
  }
  for (int threads : {1, 2}) {
    at::set_num_threads(threads);
    std::vector<std::vector<double>> times(cases.size());
    const int warmup = 2, rounds = 21;
    for (int round = 0; round < warmup + rounds; ++round)
      for (size_t c = 0; c < cases.size(); ++c) {
        auto leaf = x.detach().requires_grad_(true);
        auto t0 = Clock::now();
        auto y = cases[c].second(leaf);
        y.backward(torch::ones_like(y));
        double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        if (round >= warmup) times[c].push_back(ms);
      }
    for (size_t c = 0; c < cases.size(); ++c) {
      std::sort(times[c].begin(), times[c].end());
      std::printf("threads %d  %-36s fwd+bwd %.1f ms (median of %d)\n", threads, cases[c].first, times[c][times[c].size() / 2], rounds);
    }
  }
}
