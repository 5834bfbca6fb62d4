#include <git2.h>

/* git_libgit2_opts is variadic, which Swift cannot call: one fixed-signature wrapper per option used. */

/* Caps the size of the objects of one type that libgit2's object cache keeps (0: none of that type). */
static inline int git_deploy_set_cache_object_limit(git_object_t type, size_t size) {
    return git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, type, size);
}

/* Caps the memory libgit2's object cache may hold for the whole process. */
static inline int git_deploy_set_cache_max_size(ssize_t bytes) {
    return git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, bytes);
}

/* libgit2 1.5's safe.directory check differs from Git's; git-deploy applies Git's rules itself. */
static inline int git_deploy_set_owner_validation(int enabled) {
    return git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, enabled);
}
