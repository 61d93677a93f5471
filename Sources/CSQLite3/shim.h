#ifndef AURA_CSQLITE3_SHIM_H
#define AURA_CSQLITE3_SHIM_H
#include <sqlite3.h>

/* sqlite3_config / sqlite3_db_config are variadic: typed wrappers. */
static inline int aura_sqlite3_db_config_int(sqlite3 *db, int op, int value, int *out) {
    return sqlite3_db_config(db, op, value, out);
}
/* SQLITE_TRANSIENT is a cast macro Swift cannot import. */
static inline sqlite3_destructor_type aura_sqlite3_transient(void) { return SQLITE_TRANSIENT; }
#endif
