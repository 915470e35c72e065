#include "delta/txn/txn_id.h"

#include <array>
#include <cstdint>
#include <cstdio>
#include <random>

#include <sys/random.h>

namespace ingot::delta {
namespace {

// Fills `bytes` from the kernel; falls back to std::random_device if getrandom fails (it does
// not block for 16 bytes once the pool is initialised, and is only interrupted by signals).
void FillRandom(std::array<uint8_t, 16>* bytes) {
  size_t filled = 0;
  while (filled < bytes->size()) {
    ssize_t n = ::getrandom(bytes->data() + filled, bytes->size() - filled, 0);
    if (n <= 0) break;
    filled += static_cast<size_t>(n);
  }
  if (filled == bytes->size()) return;
  std::random_device device;
  for (uint8_t& byte : *bytes) byte = static_cast<uint8_t>(device());
}

}  // namespace

std::string NewTxnId() {
  std::array<uint8_t, 16> b;
  FillRandom(&b);
  b[6] = static_cast<uint8_t>((b[6] & 0x0F) | 0x40);  // version 4
  b[8] = static_cast<uint8_t>((b[8] & 0x3F) | 0x80);  // RFC 4122 variant
  char text[37];
  std::snprintf(text, sizeof(text),
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
                b[15]);
  return std::string(text, 36);
}

}  // namespace ingot::delta
