#ifndef CCMARK_SHIM_H
#define CCMARK_SHIM_H

/*
 * libcmark (Debian's libcmark-dev), the CommonMark reference parser. Swift uses its node tree
 * and iterator directly; its renderers are not used.
 */
#include <cmark.h>

#endif
