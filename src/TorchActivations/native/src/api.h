// Shared by the library's translation units: the export macro and the error convention of the C entry
// points (every one catches every C++ exception, keeps its message per thread and returns a failure value).
#pragma once
#include <string>

#define TAK_EXPORT extern "C" __attribute__((visibility("default")))

namespace tak {
void set_error(const std::string& message);
void clear_error();
}  // namespace tak

#define TAK_GUARD(fail, body)                                    \
  try {                                                          \
    tak::clear_error();                                          \
    body                                                         \
  } catch (const c10::Error& e) {                                \
    tak::set_error(e.what_without_backtrace());                  \
  } catch (const std::exception& e) {                            \
    tak::set_error(e.what());                                    \
  } catch (...) {                                                \
    tak::set_error("unknown native error");                      \
  }                                                              \
  return fail;
