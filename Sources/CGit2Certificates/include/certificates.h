#ifndef AURA_CGIT2_CERTIFICATES_H
#define AURA_CGIT2_CERTIFICATES_H

/* Debian's libgit2 (mbedTLS backend) parses the whole system CA bundle inside
   git_libgit2_init (~4 ms per command), though AURA never lets libgit2 open a TLS connection
   (fetch and push run git). While deferral is on, libgit2's call to load the bundle is
   recorded instead of performed; aura_git_deferred_certificate_file says which file it asked
   for, so it can be loaded later with GIT_OPT_SET_SSL_CERT_LOCATIONS. A chain left empty makes
   every certificate check fail: a TLS connection without the load is refused, never trusted. */

/* Turns deferral on (1) or off (0). */
void aura_git_defer_certificates(int enabled);

/* The CA bundle libgit2 asked to load while deferral was on, or NULL. */
const char *aura_git_deferred_certificate_file(void);

/* How many CA bundles were really parsed (through mbedTLS) in this process. */
int aura_git_certificate_parses(void);

#endif
