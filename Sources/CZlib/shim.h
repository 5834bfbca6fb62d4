#include <zlib.h>

/* inflateInit is a macro (it passes the library version and the stream's size), which Swift cannot call. */
static inline int git_deploy_inflate_init(z_stream *stream) {
    return inflateInit(stream);
}
