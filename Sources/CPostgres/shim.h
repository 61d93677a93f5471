#ifndef AURA_CPOSTGRES_SHIM_H
#define AURA_CPOSTGRES_SHIM_H
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>

/*
 * libpq is loaded lazily with dlopen on first `db.connect!("postgres://...")` instead of being
 * linked, for the reason Sources/CCurl/shim.h gives for libcurl: linking it maps libssl,
 * libgssapi, libldap and more into every `aura` process, and startup time is part of the
 * contract. Programs that never connect to PostgreSQL never load it.
 *
 * Only the few entry points AURA uses are declared, with libpq's own (stable since 9.x)
 * signatures, so building needs no libpq headers. `AURA_LIBPQ` names another library file to
 * load instead of libpq.so.5. Each wrapper returns a failure value when libpq could not be
 * loaded; `aura_pq_load_error()` says why.
 */
typedef struct aura_pg_conn aura_pg_conn;
typedef struct aura_pg_result aura_pg_result;
typedef unsigned int aura_pg_oid;

/* The enum values of libpq-fe.h that AURA reads. */
enum { AURA_PG_CONNECTION_OK = 0 };
enum { AURA_PGRES_EMPTY_QUERY = 0, AURA_PGRES_COMMAND_OK = 1, AURA_PGRES_TUPLES_OK = 2 };
/* PG_DIAG_* field codes (postgres_ext.h). */
enum { AURA_PG_DIAG_SQLSTATE = 'C', AURA_PG_DIAG_MESSAGE_PRIMARY = 'M', AURA_PG_DIAG_MESSAGE_DETAIL = 'D' };

typedef struct {
    aura_pg_conn *(*connectdb_params)(const char *const *, const char *const *, int);
    int (*status)(const aura_pg_conn *);
    char *(*error_message)(const aura_pg_conn *);
    void (*finish)(aura_pg_conn *);
    aura_pg_result *(*exec_params)(aura_pg_conn *, const char *, int, const aura_pg_oid *, const char *const *,
                                   const int *, const int *, int);
    int (*result_status)(const aura_pg_result *);
    char *(*result_error_field)(const aura_pg_result *, int);
    char *(*result_error_message)(const aura_pg_result *);
    int (*ntuples)(const aura_pg_result *);
    int (*nfields)(const aura_pg_result *);
    char *(*fname)(const aura_pg_result *, int);
    aura_pg_oid (*ftype)(const aura_pg_result *, int);
    int (*getisnull)(const aura_pg_result *, int, int);
    char *(*getvalue)(const aura_pg_result *, int, int);
    int (*getlength)(const aura_pg_result *, int, int);
    char *(*cmd_tuples)(aura_pg_result *);
    char *(*cmd_status)(aura_pg_result *);
    void (*clear)(aura_pg_result *);
    int (*lib_version)(void);
    void *(*set_notice_processor)(aura_pg_conn *, void (*)(void *, const char *), void *);
    const char *error;
    int loaded;
} aura_pq_api;

/* State lives in function-local statics: Swift's C importer does not emit file-scope statics. */
static inline aura_pq_api *aura_pq_api_get(void) {
    static aura_pq_api api;
    static int state; /* 0 = not tried, 1 = tried */
    static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    if (__atomic_load_n(&state, __ATOMIC_ACQUIRE)) return &api;
    pthread_mutex_lock(&lock);
    if (!state) {
        const char *configured = getenv("AURA_LIBPQ");
        void *handle = NULL;
        if (configured && *configured) {
            handle = dlopen(configured, RTLD_NOW | RTLD_LOCAL);
        } else {
            handle = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
            if (!handle) handle = dlopen("libpq.so", RTLD_NOW | RTLD_LOCAL);
        }
        if (!handle) {
            api.error = dlerror();
        } else {
            int ok = 1;
#define AURA_PQ_SYMBOL(field, name) \
            if (ok) { *(void **)(&api.field) = dlsym(handle, name); if (!api.field) { api.error = "libpq lacks " name; ok = 0; } }
            AURA_PQ_SYMBOL(connectdb_params, "PQconnectdbParams")
            AURA_PQ_SYMBOL(status, "PQstatus")
            AURA_PQ_SYMBOL(error_message, "PQerrorMessage")
            AURA_PQ_SYMBOL(finish, "PQfinish")
            AURA_PQ_SYMBOL(exec_params, "PQexecParams")
            AURA_PQ_SYMBOL(result_status, "PQresultStatus")
            AURA_PQ_SYMBOL(result_error_field, "PQresultErrorField")
            AURA_PQ_SYMBOL(result_error_message, "PQresultErrorMessage")
            AURA_PQ_SYMBOL(ntuples, "PQntuples")
            AURA_PQ_SYMBOL(nfields, "PQnfields")
            AURA_PQ_SYMBOL(fname, "PQfname")
            AURA_PQ_SYMBOL(ftype, "PQftype")
            AURA_PQ_SYMBOL(getisnull, "PQgetisnull")
            AURA_PQ_SYMBOL(getvalue, "PQgetvalue")
            AURA_PQ_SYMBOL(getlength, "PQgetlength")
            AURA_PQ_SYMBOL(cmd_tuples, "PQcmdTuples")
            AURA_PQ_SYMBOL(cmd_status, "PQcmdStatus")
            AURA_PQ_SYMBOL(clear, "PQclear")
            AURA_PQ_SYMBOL(lib_version, "PQlibVersion")
            AURA_PQ_SYMBOL(set_notice_processor, "PQsetNoticeProcessor")
#undef AURA_PQ_SYMBOL
            api.loaded = ok;
        }
        __atomic_store_n(&state, 1, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&lock);
    return &api;
}

#define aura_pq_shared (*aura_pq_api_get())
static inline int aura_pq_load(void) { return aura_pq_api_get()->loaded; }
static inline const char *aura_pq_load_error(void) {
    const char *error = aura_pq_api_get()->error;
    return error ? error : "";
}

static inline aura_pg_conn *aura_pq_connectdb_params(const char *const *keywords, const char *const *values, int expand) {
    return aura_pq_load() ? aura_pq_shared.connectdb_params(keywords, values, expand) : NULL;
}
static inline int aura_pq_status(const aura_pg_conn *c) { return aura_pq_load() && c ? aura_pq_shared.status(c) : -1; }
static inline const char *aura_pq_error_message(const aura_pg_conn *c) { return aura_pq_load() && c ? aura_pq_shared.error_message(c) : aura_pq_load_error(); }
static inline void aura_pq_finish(aura_pg_conn *c) { if (aura_pq_load() && c) aura_pq_shared.finish(c); }
static inline aura_pg_result *aura_pq_exec_params(aura_pg_conn *c, const char *sql, int count, const aura_pg_oid *types,
                                                  const char *const *values, const int *lengths, const int *formats, int resultFormat) {
    return aura_pq_load() && c ? aura_pq_shared.exec_params(c, sql, count, types, values, lengths, formats, resultFormat) : NULL;
}
static inline int aura_pq_result_status(const aura_pg_result *r) { return aura_pq_load() && r ? aura_pq_shared.result_status(r) : -1; }
static inline const char *aura_pq_result_error_field(const aura_pg_result *r, int field) { return aura_pq_load() && r ? aura_pq_shared.result_error_field(r, field) : NULL; }
static inline const char *aura_pq_result_error_message(const aura_pg_result *r) { return aura_pq_load() && r ? aura_pq_shared.result_error_message(r) : ""; }
static inline int aura_pq_ntuples(const aura_pg_result *r) { return aura_pq_load() && r ? aura_pq_shared.ntuples(r) : 0; }
static inline int aura_pq_nfields(const aura_pg_result *r) { return aura_pq_load() && r ? aura_pq_shared.nfields(r) : 0; }
static inline const char *aura_pq_fname(const aura_pg_result *r, int column) { return aura_pq_load() && r ? aura_pq_shared.fname(r, column) : NULL; }
static inline aura_pg_oid aura_pq_ftype(const aura_pg_result *r, int column) { return aura_pq_load() && r ? aura_pq_shared.ftype(r, column) : 0; }
static inline int aura_pq_getisnull(const aura_pg_result *r, int row, int column) { return aura_pq_load() && r ? aura_pq_shared.getisnull(r, row, column) : 1; }
static inline const char *aura_pq_getvalue(const aura_pg_result *r, int row, int column) { return aura_pq_load() && r ? aura_pq_shared.getvalue(r, row, column) : ""; }
static inline int aura_pq_getlength(const aura_pg_result *r, int row, int column) { return aura_pq_load() && r ? aura_pq_shared.getlength(r, row, column) : 0; }
static inline const char *aura_pq_cmd_tuples(aura_pg_result *r) { return aura_pq_load() && r ? aura_pq_shared.cmd_tuples(r) : ""; }
static inline const char *aura_pq_cmd_status(aura_pg_result *r) { return aura_pq_load() && r ? aura_pq_shared.cmd_status(r) : ""; }
static inline void aura_pq_clear(aura_pg_result *r) { if (aura_pq_load() && r) aura_pq_shared.clear(r); }
/* libpq's default notice processor writes the server's NOTICE and WARNING messages (`DROP TABLE
 * IF EXISTS` of a missing table, COMMIT outside a transaction) to stderr, in the middle of the
 * program's own output; AURA drops them, as SQLite has no such channel. */
static inline void aura_pq_ignore_notice(void *arg, const char *message) { (void)arg; (void)message; }
static inline void aura_pq_quiet_notices(aura_pg_conn *c) { if (aura_pq_load() && c) aura_pq_shared.set_notice_processor(c, aura_pq_ignore_notice, NULL); }
/* libpq's version as major * 10000 + minor (e.g. 150010), or 0 when it cannot be loaded. */
static inline int aura_pq_lib_version(void) { return aura_pq_load() ? aura_pq_shared.lib_version() : 0; }
#endif
