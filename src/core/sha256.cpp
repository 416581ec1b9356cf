#include "core/sha256.h"

#include <mbedtls/sha256.h>

namespace mm::core {

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[32];
  mbedtls_sha256_ret(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest, /*is224=*/0);
  static const char kHex[] = "0123456789abcdef";
  std::string out(64, '0');
  for (int i = 0; i < 32; ++i) {
    out[static_cast<std::size_t>(2 * i)] = kHex[digest[i] >> 4];
    out[static_cast<std::size_t>(2 * i + 1)] = kHex[digest[i] & 15];
  }
  return out;
}

}  // namespace mm::core
