// SHA-256 from mbedTLS (Debian source package), never hand-rolled. Used for the journal's hash chain.
#pragma once
#include <string>
#include <string_view>

namespace mm::core {

// Lowercase hex digest (64 characters) of `bytes`.
std::string sha256_hex(std::string_view bytes);

}  // namespace mm::core
