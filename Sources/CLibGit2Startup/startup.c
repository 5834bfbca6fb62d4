/*
 * Why this file exists: Debian's and Ubuntu's libgit2 are built against mbedtls, and
 * git_libgit2_init() then parses the whole system CA bundle (/etc/ssl/certs/ca-certificates.crt,
 * ~140 certificates) before it returns: about 6 ms of a 10 ms start, on every hook run.
 *
 * git-deploy never opens a network connection through libgit2: fetching and pushing history
 * notes go through the user's own `git` (credential helpers, SSH configuration). So the
 * executable provides its own mbedtls_x509_crt_parse_file, which the dynamic linker binds
 * ahead of libmbedx509's (an executable's exported symbols come first in ELF symbol lookup),
 * and which loads nothing. With a libgit2 built on OpenSSL or another TLS backend the
 * symbol is simply never called.
 */
#include "startup.h"

int mbedtls_x509_crt_parse_file(void *chain, const char *path) {
    (void)chain;
    (void)path;
    return 0;
}

int git_deploy_startup_shim_linked(void) {
    return 1;
}
