// C++ side of the binding-overhead benchmark (see docs/performance.md): the cost of one tiny op
// called directly and through the boxed dispatcher, and of one MLP training step, from C++.
#include <torch/torch.h>
#include <ATen/core/dispatch/Dispatcher.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

using Clock = std::chrono::steady_clock;

template <typename F>
double median_ns_per_call(F&& body, int calls, int repeats) {
  std::vector<double> samples;
  for (int r = 0; r < repeats; ++r) {
    auto t0 = Clock::now();
    for (int i = 0; i < calls; ++i) body();
    auto t1 = Clock::now();
    samples.push_back(std::chrono::duration<double, std::nano>(t1 - t0).count() / calls);
  }
  std::sort(samples.begin(), samples.end());
  return samples[samples.size() / 2];
}

int main() {
  at::set_num_threads(1);
  auto a = at::ones({1});
  auto b = at::ones({1});
  const int calls = 200000, repeats = 7;

  double direct = median_ns_per_call([&] { auto c = at::add(a, b); }, calls, repeats);
  auto op = c10::Dispatcher::singleton().findSchemaOrThrow("aten::add", "Tensor");
  double boxed = median_ns_per_call([&] {
    torch::jit::Stack stack{a, b, at::Scalar(1)};
    op.callBoxed(stack);
  }, calls, repeats);
  std::printf("cpp_add_direct_ns %.0f\n", direct);
  std::printf("cpp_add_boxed_ns %.0f\n", boxed);

  // MNIST-MLP step: 784-256-256-10, ReLU, batch 128, SGD(lr 0.01), cross-entropy.
  torch::manual_seed(0);
  torch::nn::Sequential mlp(torch::nn::Linear(784, 256), torch::nn::ReLU(), torch::nn::Linear(256, 256),
                            torch::nn::ReLU(), torch::nn::Linear(256, 10));
  torch::optim::SGD sgd(mlp->parameters(), torch::optim::SGDOptions(0.01));
  auto x = torch::randn({128, 784});
  auto y = torch::randint(10, {128});
  auto step = [&] {
    sgd.zero_grad();
    auto loss = torch::nn::functional::cross_entropy(mlp->forward(x), y);
    loss.backward();
    sgd.step();
  };
  for (int i = 0; i < 20; ++i) step();
  double step_ns = median_ns_per_call(step, 50, 7);
  std::printf("cpp_mlp_step_us %.1f\n", step_ns / 1000.0);
  return 0;
}
