#ifndef AURA_CGIT2_SHIM_H
#define AURA_CGIT2_SHIM_H
#include <git2.h>
#include <git2/sys/repository.h>

/* Swift cannot call C variadic functions: typed wrappers for git_libgit2_opts. */
static inline int aura_git_opts_set_int(int option, int value) {
    return git_libgit2_opts(option, value);
}
static inline int aura_git_opts_set_owner_validation(int enabled) {
    return git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, enabled);
}
static inline int aura_git_opts_set_ssl_cert_locations(const char *file, const char *path) {
    return git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, file, path);
}
static inline int aura_git_opts_enable_strict_object_creation(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, enabled);
}

/* renameat2(2) through syscall(2), which is variadic and so not callable from Swift; glibc only
   declares renameat2 under _GNU_SOURCE. Fails with ENOSYS where the call does not exist. */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/syscall.h>
static inline int aura_renameat2(const char *from, const char *to, unsigned int flags) {
#ifdef SYS_renameat2
    return (int)syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, flags);
#else
    (void)from; (void)to; (void)flags;
    errno = ENOSYS;
    return -1;
#endif
}
#endif
