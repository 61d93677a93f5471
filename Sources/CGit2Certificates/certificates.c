/* Wraps mbedtls_x509_crt_parse_file for libgit2, which is linked statically with mbedTLS
   (Package.swift: the link passes --wrap=mbedtls_x509_crt_parse_file, so libgit2's calls reach
   __wrap_..., and __real_... is mbedTLS's own function). */
#include "certificates.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static atomic_int deferring;
static atomic_int parses;
static char *_Atomic deferred_file;

void aura_git_defer_certificates(int enabled) { atomic_store(&deferring, enabled); }

const char *aura_git_deferred_certificate_file(void) { return atomic_load(&deferred_file); }

int aura_git_certificate_parses(void) { return atomic_load(&parses); }

int __real_mbedtls_x509_crt_parse_file(void *chain, const char *path);

int __wrap_mbedtls_x509_crt_parse_file(void *chain, const char *path) {
    if (atomic_load(&deferring) && path != NULL) {
        char *copy = strdup(path);
        char *previous = atomic_exchange(&deferred_file, copy);
        free(previous);
        return 0;
    }
    atomic_fetch_add(&parses, 1);
    return __real_mbedtls_x509_crt_parse_file(chain, path);
}
