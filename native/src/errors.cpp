// Error slot and tensor-handle bookkeeping shared by every entry point.
#include "bridge.h"
#include <atomic>

namespace {
thread_local std::string last_error;
thread_local bool has_error = false;
std::atomic<int64_t> live_handles{0};
}  // namespace

namespace ta {
void set_error(const std::string& message) {
  last_error = message;
  has_error = true;
}
void clear_error() { has_error = false; }

at::Tensor* new_handle(at::Tensor tensor) {
  live_handles.fetch_add(1, std::memory_order_relaxed);
  return new at::Tensor(std::move(tensor));
}
void delete_handle(at::Tensor* handle) {
  if (handle == nullptr) return;
  live_handles.fetch_sub(1, std::memory_order_relaxed);
  delete handle;
}
}  // namespace ta

// Message of the last failure on this thread, or null if the last call succeeded.
TA_EXPORT const char* ta_last_error() { return has_error ? last_error.c_str() : nullptr; }

// Number of tensor handles created and not yet freed (all threads).
TA_EXPORT int64_t ta_live_handles() { return live_handles.load(); }

TA_EXPORT void ta_free(void* p) { std::free(p); }
