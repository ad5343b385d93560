// PCRE2 (libpcre2-8): Perl-compatible regular expressions over UTF-8 bytes, for regexFind,
// regexReplace and the other regex built-ins. Wrapped once, by ScriptBuiltins'
// RegularExpression. The library's names are macros over the 8-bit functions (pcre2_compile is
// pcre2_compile_8), which Swift does not import: the wrapper calls the _8 functions.
#ifndef PORPOISE_CPCRE2_H
#define PORPOISE_CPCRE2_H
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#endif
