#ifndef TRAWL_CIDN2_SHIM_H
#define TRAWL_CIDN2_SHIM_H

// libidn2: IDNA2008 with Unicode TR46 (UTS #46) mapping, for the WHATWG URL Standard's "domain to ASCII".
#include <idn2.h>

#endif
