// libFuzzer target: a Google ID token's claims. Anything but a well-formed token with every claim right is
// refused with a message.
#include <cstdint>
#include <string_view>

#include "core/id_token.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view token(reinterpret_cast<const char*>(data), size);
  const mm::core::IdTokenCheck check = mm::core::check_id_token_claims(token, "client.apps.googleusercontent.com", "n-1", 0);
  if (check.identity ? (check.identity->email.empty() || !check.message.empty()) : check.message.empty())
    __builtin_trap();
  mm::core::base64url_decode(token);
  return 0;
}
