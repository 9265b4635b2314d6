// torch.save / torch.load for single tensors in libtorch's own archive format (torch::save), the format
// TorchSharp's Tensor.save/Tensor.load write, so tensor files move freely between the two.
#include "bridge.h"
#include <torch/serialize.h>

using ta::new_handle;

TA_EXPORT int ta_tensor_save(at::Tensor* t, const char* path) {
  TA_GUARD(-1, {
    torch::save(*t, std::string(path));
    return 0;
  })
}

TA_EXPORT at::Tensor* ta_tensor_load(const char* path) {
  TA_GUARD(nullptr, {
    at::Tensor t;
    torch::load(t, std::string(path));
    return new_handle(t);
  })
}
