#!/usr/bin/env bash
# Builds git-deploy in release mode and installs it so that `git deploy` works.
# Usage: ./install.sh                       installs into /usr/local (bin, man page, completions)
#        PREFIX=$HOME/.local ./install.sh   installs for you alone, without root
#        ./install.sh --uninstall           removes what it installed (same PREFIX)
#        ./install.sh --binary PATH         installs a git-deploy already built instead of building
# Safe to run again: it rebuilds and replaces the installed files.
set -euo pipefail
cd "$(dirname "$0")"
prefix=${PREFIX:-/usr/local}
action=install binary=""
while [ $# -gt 0 ]; do
    case $1 in
        --uninstall) action=uninstall ;;
        --binary) binary=${2:?--binary needs a path}; shift ;;
        -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install.sh: unknown argument '$1' (try --help)" >&2; exit 64 ;;
    esac
    shift
done

dest="$prefix/bin"
share="$prefix/share"
# Every file install.sh writes, relative to PREFIX; --uninstall removes exactly these.
files="bin/git-deploy share/man/man1/git-deploy.1 share/bash-completion/completions/git-deploy
share/zsh/site-functions/_git-deploy share/fish/vendor_completions.d/git-deploy.fish"

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo "$@"
    else echo "install.sh: '$*' needs root; run as root, or install for yourself alone with PREFIX=\$HOME/.local ./install.sh" >&2; exit 1
    fi
}
# Root only where PREFIX is not writable by you (the default /usr/local usually is not).
writable_dir() { local d=$1; while [ ! -d "$d" ]; do d=$(dirname "$d"); done; [ -w "$d" ]; }
if writable_dir "$prefix"; then sudo_if_needed=""; else sudo_if_needed=as_root; fi

if [ "$action" = uninstall ]; then
    for file in $files; do
        if [ -e "$prefix/$file" ]; then $sudo_if_needed rm -f "$prefix/$file"; echo "install.sh: removed $prefix/$file"; fi
    done
    echo "install.sh: git-deploy is uninstalled from $prefix; 'git deploy uninstall' in a repository removes its hooks there"
    exit 0
fi

if [ -z "$binary" ]; then
    # libgit2 comes from the system (DESIGN §1); Debian and Ubuntu call it libgit2-dev.
    if ! pkg-config --exists libgit2 2>/dev/null; then
        if command -v apt-get >/dev/null 2>&1; then
            echo "install.sh: installing libgit2-dev and pkg-config with apt-get"
            as_root apt-get update -qq
            as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libgit2-dev pkg-config
        else
            echo "install.sh: libgit2 is missing; install it with your package manager (brew install libgit2, dnf install libgit2-devel)" >&2
            exit 1
        fi
    fi
    if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
        export PATH=/opt/swift/usr/bin:$PATH
    fi
    # The Swift runtime and Foundation are linked in, so the binary needs only libgit2 at run time
    # and starts in a few milliseconds (it runs on every push).
    swift build -c release --static-swift-stdlib --product git-deploy
    binary=$(swift build -c release --static-swift-stdlib --show-bin-path)/git-deploy
fi

$sudo_if_needed mkdir -p "$dest"
$sudo_if_needed install -m 0755 "$binary" "$dest/git-deploy"
echo "install.sh: installed $dest/git-deploy ($("$dest/git-deploy" --version))"

# Shell completions, generated from the same argument definitions the binary parses with.
completion_dir="$share/bash-completion/completions"
$sudo_if_needed mkdir -p "$completion_dir" "$share/zsh/site-functions" "$share/fish/vendor_completions.d" "$share/man/man1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
scripts/completions.sh "$binary" "$tmp"
$sudo_if_needed install -m 0644 "$tmp/git-deploy.bash" "$completion_dir/git-deploy"
$sudo_if_needed install -m 0644 "$tmp/_git-deploy" "$share/zsh/site-functions/_git-deploy"
$sudo_if_needed install -m 0644 "$tmp/git-deploy.fish" "$share/fish/vendor_completions.d/git-deploy.fish"
echo "install.sh: installed bash, zsh and fish completions under $share"

# The man page (generated from the argument definitions and committed: scripts/update-manual.sh).
# `git deploy --help` is Git's `git help deploy`, which opens it.
$sudo_if_needed install -m 0644 man/git-deploy.1 "$share/man/man1/git-deploy.1"
echo "install.sh: installed $share/man/man1/git-deploy.1 (man git-deploy, git deploy --help)"

case ":$PATH:" in
    *":$dest:"*) ;;
    *) echo "install.sh: $dest is not on PATH; add it (e.g. echo 'export PATH=\"$dest:\$PATH\"' >> ~/.profile) so that 'git deploy' finds git-deploy; man finds the page through PATH too" ;;
esac
