# Sourced by the benchmark scripts after they set `root` (the package folder): the release binary
# the benchmarks time, and a Git environment no user or system configuration can change.

# build_release_binary: builds git-deploy as install.sh does and sets `bin` to it.
build_release_binary() {
    (cd "$root" && swift build -c release --static-swift-stdlib --product git-deploy >&2)
    bin="$(cd "$root" && swift build -c release --static-swift-stdlib --show-bin-path)/git-deploy"
}

export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
