// Custom autograd functions whose forward and backward are C# callbacks (behind TorchSharp's
// torch.autograd.SingleTensorFunction<T> / MultiTensorFunction<T>). The managed side keeps the
// function object and its context in a table keyed by `id`; libtorch keeps the graph node, whose
// death (through a capsule in the context) tells the managed side to drop its entry.
//
// A managed exception never unwinds through libtorch: the C# callback catches it, keeps it, and
// returns -1; we then throw a C++ error here, libtorch's engine carries it to the caller of
// backward, and the C# caller rethrows the original .NET exception.
#include "bridge.h"
#include <torch/csrc/autograd/custom_function.h>
#include <array>

namespace {

constexpr int kMaxOutputs = 64;

// Callbacks into C#. Tensor handles passed to C# are new handles the callee owns; handles returned
// by C# in `out` are transferred to native code, which frees them.
using forward_fn = int (*)(int64_t id, void* ctx, at::Tensor** out, int max_out);
using backward_fn = int (*)(int64_t id, void* ctx, at::Tensor** grads, int ngrads, at::Tensor** out, int max_out);
using release_fn = void (*)(int64_t id);

forward_fn g_forward = nullptr;
backward_fn g_backward = nullptr;
release_fn g_release = nullptr;

// Lives in the context's saved data; when the graph node dies it releases the managed state.
struct ManagedState : torch::CustomClassHolder {
  explicit ManagedState(int64_t id) : id(id) {}
  ~ManagedState() override {
    if (g_release) g_release(id);
  }
  int64_t id;
};

at::Tensor take(at::Tensor* handle) {
  if (handle == nullptr) return at::Tensor();
  at::Tensor t = *handle;
  ta::delete_handle(handle);
  return t;
}

struct ManagedFunction : public torch::autograd::Function<ManagedFunction> {
  static torch::autograd::variable_list forward(torch::autograd::AutogradContext* ctx, at::TensorList inputs,
                                                int64_t id) {
    ctx->saved_data["managed"] = c10::IValue::make_capsule(c10::make_intrusive<ManagedState>(id));
    std::array<at::Tensor*, kMaxOutputs> out{};
    int n = g_forward(id, ctx, out.data(), kMaxOutputs);
    if (n < 0) throw std::runtime_error("the managed forward of a custom autograd function failed");
    torch::autograd::variable_list outputs;
    for (int k = 0; k < n; ++k) outputs.push_back(take(out[k]));
    return outputs;
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grad_outputs) {
    auto state = ctx->saved_data["managed"].toCapsule();
    int64_t id = static_cast<ManagedState*>(state.get())->id;
    std::vector<at::Tensor*> grads;
    for (auto& g : grad_outputs) grads.push_back(g.defined() ? ta::new_handle(g) : nullptr);
    std::array<at::Tensor*, kMaxOutputs> out{};
    int n = g_backward(id, ctx, grads.data(), static_cast<int>(grads.size()), out.data(), kMaxOutputs);
    if (n < 0) throw std::runtime_error("the managed backward of a custom autograd function failed");
    torch::autograd::variable_list result;
    for (int k = 0; k < n; ++k) result.push_back(take(out[k]));
    result.emplace_back();  // no gradient for the `id` argument
    return result;
  }
};

}  // namespace

TA_EXPORT void ta_function_set_callbacks(forward_fn forward, backward_fn backward, release_fn release) {
  g_forward = forward;
  g_backward = backward;
  g_release = release;
}

// Runs the managed function `id` on `inputs` (the tensors among its arguments), recording a graph
// node when any input requires grad. Writes the outputs as new handles; returns their count or -1.
TA_EXPORT int ta_function_apply(int64_t id, at::Tensor** inputs, int ninputs, at::Tensor** out, int max_out) {
  TA_GUARD(-1, {
    TORCH_CHECK(g_forward && g_backward, "custom autograd callbacks are not registered");
    std::vector<at::Tensor> in;
    for (int k = 0; k < ninputs; ++k) in.push_back(*inputs[k]);
    auto outputs = ManagedFunction::apply(at::TensorList(in), id);
    TORCH_CHECK(static_cast<int>(outputs.size()) <= max_out, "too many outputs: ", outputs.size());
    for (size_t k = 0; k < outputs.size(); ++k) out[k] = ta::new_handle(outputs[k]);
    return static_cast<int>(outputs.size());
  })
}

TA_EXPORT int ta_ctx_save_for_backward(void* ctx, at::Tensor** tensors, int n) {
  TA_GUARD(-1, {
    torch::autograd::variable_list v;
    for (int k = 0; k < n; ++k) v.push_back(tensors[k] ? *tensors[k] : at::Tensor());
    static_cast<torch::autograd::AutogradContext*>(ctx)->save_for_backward(std::move(v));
    return 0;
  })
}

// Writes up to `max_out` saved tensors as new handles; returns how many were saved, or -1.
TA_EXPORT int ta_ctx_saved(void* ctx, at::Tensor** out, int max_out) {
  TA_GUARD(-1, {
    auto saved = static_cast<torch::autograd::AutogradContext*>(ctx)->get_saved_variables();
    TORCH_CHECK(static_cast<int>(saved.size()) <= max_out, "too many saved tensors: ", saved.size());
    for (size_t k = 0; k < saved.size(); ++k) out[k] = saved[k].defined() ? ta::new_handle(saved[k]) : nullptr;
    return static_cast<int>(saved.size());
  })
}

TA_EXPORT int ta_ctx_mark_non_differentiable(void* ctx, at::Tensor** tensors, int n) {
  TA_GUARD(-1, {
    torch::autograd::variable_list v;
    for (int k = 0; k < n; ++k) v.push_back(*tensors[k]);
    static_cast<torch::autograd::AutogradContext*>(ctx)->mark_non_differentiable(v);
    return 0;
  })
}

TA_EXPORT int ta_ctx_mark_dirty(void* ctx, at::Tensor** tensors, int n) {
  TA_GUARD(-1, {
    torch::autograd::variable_list v;
    for (int k = 0; k < n; ++k) v.push_back(*tensors[k]);
    static_cast<torch::autograd::AutogradContext*>(ctx)->mark_dirty(v);
    return 0;
  })
}

TA_EXPORT int ta_ctx_set_materialize_grads(void* ctx, int value) {
  TA_GUARD(-1, {
    static_cast<torch::autograd::AutogradContext*>(ctx)->set_materialize_grads(value != 0);
    return 0;
  })
}
