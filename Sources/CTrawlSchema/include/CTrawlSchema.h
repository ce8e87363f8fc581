#ifndef TRAWL_SCHEMA_H
#define TRAWL_SCHEMA_H
/// The bytes of the repository's schema.sql, NUL-terminated, embedded at build time.
const char *trawl_schema_sql(void);
/// The bytes of the repository's schema-postgres.sql, NUL-terminated, embedded at build time.
const char *trawl_schema_postgres_sql(void);
#endif
