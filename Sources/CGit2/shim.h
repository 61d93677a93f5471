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
static inline int aura_git_opts_enable_strict_object_creation(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, enabled);
}
#endif
