#include "CTrawlSchema.h"

#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wc23-extensions"
/* schema.sql at the repository root is the one source of truth: the binary applies exactly these bytes. */
static const char schema_sql[] = {
#embed "../../schema.sql"
    , 0
};
/* schema-postgres.sql likewise, for databases on PostgreSQL. */
static const char schema_postgres_sql[] = {
#embed "../../schema-postgres.sql"
    , 0
};
#pragma clang diagnostic pop

const char *trawl_schema_sql(void) { return schema_sql; }
const char *trawl_schema_postgres_sql(void) { return schema_postgres_sql; }
