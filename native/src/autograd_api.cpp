// Autograd entry points: backward, torch.autograd.grad, and the grad-mode switch.
#include "bridge.h"
#include <torch/csrc/autograd/autograd.h>
#include <torch/csrc/autograd/grad_mode.h>
#include <c10/core/GradMode.h>

namespace {
std::vector<at::Tensor> to_vector(at::Tensor** handles, int n) {
  std::vector<at::Tensor> v;
  v.reserve(n);
  for (int k = 0; k < n; ++k) v.push_back(handles[k] ? *handles[k] : at::Tensor());
  return v;
}
c10::optional<bool> tri_state(int value) {
  return value < 0 ? c10::nullopt : c10::optional<bool>(value != 0);
}
}  // namespace

// torch.autograd.backward: `grads` may be null (implicit ones for scalars); retain_graph -1 = default.
TA_EXPORT int ta_backward(at::Tensor** tensors, int n, at::Tensor** grads, int ngrads, int retain_graph,
                          int create_graph, at::Tensor** inputs, int ninputs) {
  TA_GUARD(-1, {
    torch::autograd::backward(to_vector(tensors, n), to_vector(grads, ngrads), tri_state(retain_graph),
                              create_graph != 0, to_vector(inputs, ninputs));
    return 0;
  })
}

// torch.autograd.grad: writes one handle per input into `results` (null where unused).
TA_EXPORT int ta_autograd_grad(at::Tensor** outputs, int nout, at::Tensor** inputs, int nin,
                               at::Tensor** grad_outputs, int ngo, int retain_graph, int create_graph,
                               int allow_unused, at::Tensor** results) {
  TA_GUARD(-1, {
    auto grads = torch::autograd::grad(to_vector(outputs, nout), to_vector(inputs, nin),
                                       to_vector(grad_outputs, ngo), tri_state(retain_graph),
                                       create_graph != 0, allow_unused != 0);
    for (int k = 0; k < nin; ++k) results[k] = grads[k].defined() ? ta::new_handle(grads[k]) : nullptr;
    return 0;
  })
}

TA_EXPORT int ta_grad_mode_enabled() {
  TA_GUARD(-1, { return c10::GradMode::is_enabled() ? 1 : 0; })
}

TA_EXPORT int ta_grad_mode_set(int enabled) {
  TA_GUARD(-1, {
    c10::GradMode::set_enabled(enabled != 0);
    return 0;
  })
}
