#ifndef GIT_DEPLOY_STARTUP_H
#define GIT_DEPLOY_STARTUP_H

/* Skips libgit2's CA-bundle parsing at init; see startup.c for why that is safe here. */
int mbedtls_x509_crt_parse_file(void *chain, const char *path);

/* Referenced from Swift so that the linker keeps this object file. */
int git_deploy_startup_shim_linked(void);

#endif
