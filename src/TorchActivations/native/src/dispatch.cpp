#include <cstdlib>
#include <string>

#include "kernel_table.h"

namespace tak {
namespace {

int supported_level() {
  __builtin_cpu_init();
  bool avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq") &&
                __builtin_cpu_supports("fma");
  bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return avx512 ? 2 : avx2 ? 1 : 0;
}

const KernelTable& choose() {
  int level = supported_level();
  // Like ATen's ATEN_CPU_CAPABILITY: a lower level can be asked for (to compare or to test them);
  // a level the CPU does not have is never used.
  if (const char* forced = std::getenv("TORCHACTIVATIONS_CPU_CAPABILITY")) {
    std::string f(forced);
    int want = f == "default" ? 0 : f == "avx2" ? 1 : f == "avx512" ? 2 : level;
    if (want < level) level = want;
  }
  return level == 2 ? kernel_table_AVX512 : level == 1 ? kernel_table_AVX2 : kernel_table_DEFAULT;
}

}  // namespace

const KernelTable& kernels() {
  static const KernelTable& table = choose();
  return table;
}

}  // namespace tak
