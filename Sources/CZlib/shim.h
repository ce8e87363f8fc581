#ifndef TRAWL_CZLIB_SHIM_H
#define TRAWL_CZLIB_SHIM_H
#include <zlib.h>

/* deflateInit2 and inflateInit2 are macros that pass ZLIB_VERSION and sizeof(z_stream), which Swift does not
   import: one function each. windowBits 15 + 16 reads or writes a gzip member (RFC 1952); 15 + 32 reads gzip or
   zlib, whichever the header says. */
static inline int trawl_deflate_init_gzip(z_stream *stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}
static inline int trawl_inflate_init_gzip_or_zlib(z_stream *stream) {
    return inflateInit2(stream, 15 + 32);
}
#endif
