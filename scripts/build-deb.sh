#!/usr/bin/env bash
# Builds git-deploy_<version>_<arch>.deb in the current folder: the binary in /usr/bin, the man
# page, bash/zsh/fish completions; it depends on the libgit2 the binary was linked against.
# Install with `apt-get install ./git-deploy_*.deb`, remove with `apt-get remove git-deploy`.
# Usage: scripts/build-deb.sh [--binary PATH]   (default: a release build, as install.sh makes)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$PWD binary=""
while [ $# -gt 0 ]; do
    case $1 in
        --binary) binary=$(realpath "${2:?--binary needs a path}"); shift ;;
        *) echo "build-deb.sh: unknown argument '$1'" >&2; exit 64 ;;
    esac
    shift
done
cd "$root"
if [ -z "$binary" ]; then
    export PATH=/opt/swift/usr/bin:$PATH
    swift build -c release --static-swift-stdlib --product git-deploy
    binary=$(swift build -c release --static-swift-stdlib --show-bin-path)/git-deploy
fi
version=$("$binary" --version)
arch=$(dpkg --print-architecture)
# The Debian package that provides the libgit2 the binary loads (libgit2-1.5 on Debian 12).
libgit2=$(ldd "$binary" | awk '/libgit2\.so/ {print $3}')
depends=$(dpkg -S "$(realpath "$libgit2")" 2>/dev/null | cut -d: -f1 | head -n1)
[ -n "$depends" ] || { echo "build-deb.sh: cannot tell which package provides $libgit2" >&2; exit 1; }

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
pkg=$stage/git-deploy
install -D -m 0755 "$binary" "$pkg/usr/bin/git-deploy"
install -D -m 0644 man/git-deploy.1 "$pkg/usr/share/man/man1/git-deploy.1"
gzip -9n "$pkg/usr/share/man/man1/git-deploy.1"
scripts/completions.sh "$binary" "$stage"
install -D -m 0644 "$stage/git-deploy.bash" "$pkg/usr/share/bash-completion/completions/git-deploy"
install -D -m 0644 "$stage/_git-deploy" "$pkg/usr/share/zsh/vendor-completions/_git-deploy"
install -D -m 0644 "$stage/git-deploy.fish" "$pkg/usr/share/fish/vendor_completions.d/git-deploy.fish"
mkdir -p "$pkg/DEBIAN"
cat > "$pkg/DEBIAN/control" <<CONTROL
Package: git-deploy
Version: $version
Architecture: $arch
Maintainer: git-deploy maintainers <git-deploy@localhost>
Depends: $depends, git
Section: vcs
Priority: optional
Description: Git-integrated deployment router
 Routes what is pushed, tagged or merged to an environment and a deployment
 system, runs gates and handlers, and records deployments in Git notes.
CONTROL
deb="$out/git-deploy_${version}_${arch}.deb"
dpkg-deb --root-owner-group --build "$pkg" "$deb" >/dev/null
echo "build-deb.sh: wrote $deb"
