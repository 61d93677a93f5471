/* Wraps libgit2's git_hash_buf (Package.swift: the link passes --wrap=git_hash_buf, so
   libgit2's calls reach __wrap_git_hash_buf and __real_git_hash_buf is libgit2's own). See the
   header for why. */
#include "checksums.h"

/* SHA1_Init/Update/Final are deprecated in OpenSSL 3 in favour of EVP, whose first use loads
   the provider machinery and openssl.cnf; the low-level functions do none of that. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>
#include <stdatomic.h>
#include <stddef.h>

/* git_hash_algorithm_t in libgit2 1.5: GIT_HASH_ALGORITHM_NONE = 0, GIT_HASH_ALGORITHM_SHA1. */
enum { aura_git_hash_algorithm_sha1 = 1 };

static atomic_int fast_checksums;

int aura_git_fast_checksums(void) { return atomic_load(&fast_checksums); }

int __real_git_hash_buf(unsigned char *out, const void *data, size_t len, int algorithm);

int __wrap_git_hash_buf(unsigned char *out, const void *data, size_t len, int algorithm) {
    if (algorithm != aura_git_hash_algorithm_sha1) return __real_git_hash_buf(out, data, len, algorithm);
    SHA_CTX context;
    if (SHA1_Init(&context) != 1 || SHA1_Update(&context, data, len) != 1 || SHA1_Final(out, &context) != 1) {
        return __real_git_hash_buf(out, data, len, algorithm);
    }
    atomic_fetch_add(&fast_checksums, 1);
    return 0;
}
