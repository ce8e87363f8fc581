#ifndef TRAWL_CLIBXML2_SHIM_H
#define TRAWL_CLIBXML2_SHIM_H
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlmemory.h>
#include <libxml/encoding.h>

/// `xmlFree` is a global function-pointer variable, which Swift 6 refuses to call (not concurrency-safe).
static inline void trawl_xml_free(void *pointer) { xmlFree(pointer); }
#endif
