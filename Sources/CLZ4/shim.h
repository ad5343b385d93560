// LZ4's block format (liblz4), which compresses the columns of dfs:// segments as DolphinDB's
// default compressMethods does. Wrapped once, by PorpoiseSupport's BlockCompression.
#ifndef PORPOISE_CLZ4_H
#define PORPOISE_CLZ4_H
#include <lz4.h>

/// The largest input one LZ4 block takes (LZ4_MAX_INPUT_SIZE, a macro Swift does not import).
static inline int pp_lz4_max_input(void) { return LZ4_MAX_INPUT_SIZE; }
#endif
