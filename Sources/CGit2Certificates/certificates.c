/* Interposes mbedtls_x509_crt_parse_file, which libgit2 calls through the dynamic linker:
   the executable's definition comes first in symbol lookup. Any other caller, and libgit2
   itself once deferral is off, reaches the real function (RTLD_NEXT). */
#define _GNU_SOURCE
#include "certificates.h"

#include <dlfcn.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static atomic_int deferring;
static atomic_int parses;
static char *_Atomic deferred_file;

void aura_git_defer_certificates(int enabled) { atomic_store(&deferring, enabled); }

const char *aura_git_deferred_certificate_file(void) { return atomic_load(&deferred_file); }

int aura_git_certificate_parses(void) { return atomic_load(&parses); }

/* mbedTLS's "feature unavailable" code: what a missing real function answers. */
#define AURA_MBEDTLS_ERR_X509_FEATURE_UNAVAILABLE (-0x2080)

typedef int (*parse_file_fn)(void *chain, const char *path);

int mbedtls_x509_crt_parse_file(void *chain, const char *path) {
    if (atomic_load(&deferring) && path != NULL) {
        char *copy = strdup(path);
        char *previous = atomic_exchange(&deferred_file, copy);
        free(previous);
        return 0;
    }
    parse_file_fn real = (parse_file_fn)dlsym(RTLD_NEXT, "mbedtls_x509_crt_parse_file");
    if (real == NULL) return AURA_MBEDTLS_ERR_X509_FEATURE_UNAVAILABLE;
    atomic_fetch_add(&parses, 1);
    return real(chain, path);
}
