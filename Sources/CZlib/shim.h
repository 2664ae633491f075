// zlib, the reference DEFLATE implementation, from the system (Debian: zlib1g-dev).
#include <zlib.h>
