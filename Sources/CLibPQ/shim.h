#ifndef TRAWL_CLIBPQ_SHIM_H
#define TRAWL_CLIBPQ_SHIM_H
/* libpq, PostgreSQL's C client library: connections, parameterized statements, results. */
#include <libpq-fe.h>
#endif
