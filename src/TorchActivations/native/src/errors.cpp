#include "api.h"

namespace {
thread_local std::string last_error;
thread_local bool has_error = false;
}  // namespace

namespace tak {
void set_error(const std::string& message) {
  last_error = message;
  has_error = true;
}
void clear_error() { has_error = false; }
}  // namespace tak

// The message of the last failure on this thread, or null when the last call succeeded.
TAK_EXPORT const char* tak_last_error() { return has_error ? last_error.c_str() : nullptr; }
