#ifndef TRAWL_CSQLITE_SHIM_H
#define TRAWL_CSQLITE_SHIM_H
#include <sqlite3.h>

/// SQLITE_TRANSIENT is a macro of a cast Swift cannot import: bind text/blobs that SQLite must copy.
static inline int trawl_sqlite3_bind_text_transient(sqlite3_stmt *stmt, int index, const char *text, int bytes) {
    return sqlite3_bind_text(stmt, index, text, bytes, SQLITE_TRANSIENT);
}
static inline int trawl_sqlite3_bind_blob_transient(sqlite3_stmt *stmt, int index, const void *blob, int bytes) {
    return sqlite3_bind_blob(stmt, index, blob, bytes, SQLITE_TRANSIENT);
}
#endif
