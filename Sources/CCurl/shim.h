#ifndef AURA_CCURL_SHIM_H
#define AURA_CCURL_SHIM_H
#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

/*
 * libcurl is loaded lazily with dlopen on first use instead of being linked: linking it maps
 * ~30 shared libraries (TLS, Kerberos, LDAP, ...) into every `aura` process, which cost more
 * than the whole rest of startup. Programs that never use +http never load it.
 *
 * Swift cannot call C variadic functions (curl_easy_setopt / curl_easy_getinfo), so every
 * entry point is a typed inline wrapper here. Each returns a failure value when libcurl
 * could not be loaded; `aura_curl_load_error()` says why.
 */
typedef struct {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    CURLcode (*easy_perform)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    const char *error;
    int loaded;
} aura_curl_api;

/* State lives in function-local statics: Swift's C importer does not emit file-scope statics. */
static inline aura_curl_api *aura_curl_api_get(void) {
    static aura_curl_api api;
    static int state; /* 0 = not tried, 1 = tried */
    static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    if (__atomic_load_n(&state, __ATOMIC_ACQUIRE)) return &api;
    pthread_mutex_lock(&lock);
    if (!state) {
        void *handle = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
        if (!handle) handle = dlopen("libcurl.so", RTLD_NOW | RTLD_LOCAL);
        if (!handle) {
            api.error = dlerror();
        } else {
            int ok = 1;
#define AURA_CURL_SYMBOL(field, name) \
            if (ok) { *(void **)(&api.field) = dlsym(handle, name); if (!api.field) { api.error = "libcurl lacks " name; ok = 0; } }
            AURA_CURL_SYMBOL(global_init, "curl_global_init")
            AURA_CURL_SYMBOL(easy_init, "curl_easy_init")
            AURA_CURL_SYMBOL(easy_cleanup, "curl_easy_cleanup")
            AURA_CURL_SYMBOL(easy_perform, "curl_easy_perform")
            AURA_CURL_SYMBOL(easy_strerror, "curl_easy_strerror")
            AURA_CURL_SYMBOL(easy_setopt, "curl_easy_setopt")
            AURA_CURL_SYMBOL(easy_getinfo, "curl_easy_getinfo")
            AURA_CURL_SYMBOL(slist_append, "curl_slist_append")
            AURA_CURL_SYMBOL(slist_free_all, "curl_slist_free_all")
#undef AURA_CURL_SYMBOL
            api.loaded = ok;
        }
        __atomic_store_n(&state, 1, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&lock);
    return &api;
}

#define aura_curl_shared (*aura_curl_api_get())
static inline int aura_curl_load(void) { return aura_curl_api_get()->loaded; }
static inline const char *aura_curl_load_error(void) {
    const char *error = aura_curl_api_get()->error;
    return error ? error : "";
}

static inline CURLcode aura_curl_global_init(long flags) { return aura_curl_load() ? aura_curl_shared.global_init(flags) : CURLE_FAILED_INIT; }
static inline CURL *aura_curl_easy_init(void) { return aura_curl_load() ? aura_curl_shared.easy_init() : NULL; }
static inline void aura_curl_easy_cleanup(CURL *h) { if (aura_curl_load() && h) aura_curl_shared.easy_cleanup(h); }
static inline CURLcode aura_curl_easy_perform(CURL *h) { return aura_curl_load() ? aura_curl_shared.easy_perform(h) : CURLE_FAILED_INIT; }
static inline const char *aura_curl_easy_strerror(CURLcode c) { return aura_curl_load() ? aura_curl_shared.easy_strerror(c) : aura_curl_load_error(); }
static inline struct curl_slist *aura_curl_slist_append(struct curl_slist *l, const char *s) { return aura_curl_load() ? aura_curl_shared.slist_append(l, s) : NULL; }
static inline void aura_curl_slist_free_all(struct curl_slist *l) { if (aura_curl_load() && l) aura_curl_shared.slist_free_all(l); }

static inline CURLcode aura_curl_setopt_long(CURL *h, CURLoption o, long v) { return aura_curl_load() ? aura_curl_shared.easy_setopt(h, o, v) : CURLE_FAILED_INIT; }
static inline CURLcode aura_curl_setopt_string(CURL *h, CURLoption o, const char *v) { return aura_curl_load() ? aura_curl_shared.easy_setopt(h, o, v) : CURLE_FAILED_INIT; }
static inline CURLcode aura_curl_setopt_pointer(CURL *h, CURLoption o, void *v) { return aura_curl_load() ? aura_curl_shared.easy_setopt(h, o, v) : CURLE_FAILED_INIT; }
static inline CURLcode aura_curl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return aura_curl_load() ? aura_curl_shared.easy_setopt(h, o, v) : CURLE_FAILED_INIT; }
static inline CURLcode aura_curl_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return aura_curl_load() ? aura_curl_shared.easy_setopt(h, o, v) : CURLE_FAILED_INIT; }
typedef size_t (*aura_curl_data_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);
static inline CURLcode aura_curl_setopt_write_function(CURL *h, aura_curl_data_callback f) { return aura_curl_load() ? aura_curl_shared.easy_setopt(h, CURLOPT_WRITEFUNCTION, f) : CURLE_FAILED_INIT; }
static inline CURLcode aura_curl_setopt_header_function(CURL *h, aura_curl_data_callback f) { return aura_curl_load() ? aura_curl_shared.easy_setopt(h, CURLOPT_HEADERFUNCTION, f) : CURLE_FAILED_INIT; }
static inline CURLcode aura_curl_setopt_read_function(CURL *h, aura_curl_data_callback f) { return aura_curl_load() ? aura_curl_shared.easy_setopt(h, CURLOPT_READFUNCTION, f) : CURLE_FAILED_INIT; }
typedef int (*aura_curl_xferinfo_callback)(void *clientp, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow);
static inline CURLcode aura_curl_setopt_xferinfo_function(CURL *h, aura_curl_xferinfo_callback f) { return aura_curl_load() ? aura_curl_shared.easy_setopt(h, CURLOPT_XFERINFOFUNCTION, f) : CURLE_FAILED_INIT; }
static inline CURLcode aura_curl_getinfo_long(CURL *h, CURLINFO i, long *out) { return aura_curl_load() ? aura_curl_shared.easy_getinfo(h, i, out) : CURLE_FAILED_INIT; }
static inline CURLcode aura_curl_getinfo_double(CURL *h, CURLINFO i, double *out) { return aura_curl_load() ? aura_curl_shared.easy_getinfo(h, i, out) : CURLE_FAILED_INIT; }
#endif
