#ifndef TRAWL_CPSL_SHIM_H
#define TRAWL_CPSL_SHIM_H

// libpsl: the Public Suffix List (https://publicsuffix.org), for "same site" under `--follow domain`.
#include <libpsl.h>

#endif
