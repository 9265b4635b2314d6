// The C ABI that the C# binding calls. Every exported function catches every C++ exception,
// records its message (read with ta_last_error) and returns a failure value: nothing thrown in
// libtorch may unwind into the .NET runtime.
#pragma once
#include <ATen/ATen.h>
#include <cstdint>
#include <string>

#define TA_EXPORT extern "C" __attribute__((visibility("default")))

namespace ta {

// Records the message of the exception being handled; used in every catch block.
void set_error(const std::string& message);
void clear_error();

// Tensor handles are heap-allocated at::Tensor objects, as in TorchSharp, so that a handle can be
// shared with other native code. These keep a count of live handles for leak tests.
at::Tensor* new_handle(at::Tensor tensor);
void delete_handle(at::Tensor* handle);

}  // namespace ta

// Runs `body`; on any C++ exception records it and returns `fail`.
#define TA_GUARD(fail, body)                                     \
  try {                                                          \
    ta::clear_error();                                           \
    body                                                         \
  } catch (const c10::Error& e) {                                \
    ta::set_error(e.what_without_backtrace());                   \
  } catch (const std::exception& e) {                            \
    ta::set_error(e.what());                                     \
  } catch (...) {                                                \
    ta::set_error("unknown native error");                       \
  }                                                              \
  return fail;
