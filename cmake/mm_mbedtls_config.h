/* Our mbedTLS configuration: only what the app uses (SHA-256 for the journal's hash chain and magic-link
   hashes, base64 for ID tokens), so no other module has to be compiled in. Passed as MBEDTLS_CONFIG_FILE. */
#ifndef MM_MBEDTLS_CONFIG_H
#define MM_MBEDTLS_CONFIG_H
#define MBEDTLS_SHA256_C
#define MBEDTLS_BASE64_C
#include "mbedtls/check_config.h"
#endif
