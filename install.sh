#!/usr/bin/env bash
# Builds git-deploy in release mode and installs it so that `git deploy` works.
# Usage: ./install.sh            (installs into /usr/local/bin)
#        PREFIX=$HOME/.local ./install.sh
# Safe to run again: it rebuilds and replaces the installed files.
set -euo pipefail
cd "$(dirname "$0")"
prefix=${PREFIX:-/usr/local}

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo "$@"
    else echo "install.sh: '$*' needs root; run as root or install sudo" >&2; exit 1
    fi
}

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
bin=$(swift build -c release --static-swift-stdlib --show-bin-path)/git-deploy

dest="$prefix/bin"
if [ -w "$prefix" ] || { [ -d "$dest" ] && [ -w "$dest" ]; }; then sudo_if_needed=""; else sudo_if_needed=as_root; fi
$sudo_if_needed mkdir -p "$dest"
$sudo_if_needed install -m 0755 "$bin" "$dest/git-deploy"
echo "install.sh: installed $dest/git-deploy ($("$dest/git-deploy" --version))"

# Shell completions, generated from the same argument definitions the binary parses with.
# `git deploy <TAB>` goes through git's own completion, which calls _git_deploy when it exists.
share="$prefix/share"
completion_dir="$share/bash-completion/completions"
$sudo_if_needed mkdir -p "$completion_dir" "$share/zsh/site-functions" "$share/fish/vendor_completions.d"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
{
    "$bin" --generate-completion-script bash
    cat <<'BASH'
# `git deploy …` completes like `git-deploy …` (git's completion calls _git_deploy).
_git_deploy() {
    local -a words=("git-deploy" "${COMP_WORDS[@]:2}")
    COMP_WORDS=("${words[@]}")
    COMP_CWORD=$((COMP_CWORD - 1))
    _git-deploy
}
BASH
} > "$tmp/git-deploy.bash"
"$bin" --generate-completion-script zsh > "$tmp/_git-deploy"
"$bin" --generate-completion-script fish > "$tmp/git-deploy.fish"
$sudo_if_needed install -m 0644 "$tmp/git-deploy.bash" "$completion_dir/git-deploy"
$sudo_if_needed install -m 0644 "$tmp/_git-deploy" "$share/zsh/site-functions/_git-deploy"
$sudo_if_needed install -m 0644 "$tmp/git-deploy.fish" "$share/fish/vendor_completions.d/git-deploy.fish"
echo "install.sh: installed bash, zsh and fish completions under $share"

# The man page, so that `man git-deploy` and `git help deploy` work. The generator is
# swift-argument-parser's plugin; its first run builds it (a minute or two).
if swift package generate-manual >/dev/null 2>&1; then
    manual=$(ls .build/plugins/GenerateManual/outputs/git-deploy/git-deploy.1 2>/dev/null || true)
    if [ -n "$manual" ]; then
        $sudo_if_needed mkdir -p "$share/man/man1"
        $sudo_if_needed install -m 0644 "$manual" "$share/man/man1/git-deploy.1"
        echo "install.sh: installed $share/man/man1/git-deploy.1 (man git-deploy, git help deploy)"
    fi
else
    echo "install.sh: could not generate the man page; 'git deploy --help' has the same text" >&2
fi
case ":$PATH:" in
    *":$dest:"*) ;;
    *) echo "install.sh: add $dest to PATH so that 'git deploy' finds it" ;;
esac
