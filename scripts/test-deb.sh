#!/usr/bin/env bash
# CI check of the Debian package (run by .ci/run as root, after the tests, never beside them:
# it installs into /usr): builds it from the binary the tests used, installs it with
# `apt-get install ./git-deploy_*.deb`, checks the binary, `git deploy --help` (the man page) and
# the completions, removes it and checks that nothing is left.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
binary=$(realpath "${1:?usage: scripts/test-deb.sh BINARY}")
if dpkg -s git-deploy >/dev/null 2>&1; then echo "test-deb.sh: git-deploy is installed as a package already; not touching it" >&2; exit 1; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
"$root/scripts/build-deb.sh" --binary "$binary"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ./git-deploy_*.deb >/dev/null
files=$(dpkg -L git-deploy | while read -r f; do [ -f "$f" ] && echo "$f"; done)
fail() { echo "test-deb.sh: $*" >&2; DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq git-deploy >/dev/null || true; exit 1; }
[ "$(/usr/bin/git-deploy --version)" = "$("$binary" --version)" ] || fail "/usr/bin/git-deploy --version differs"
git init -q repo
(cd repo && MANPAGER=cat PAGER=cat MANWIDTH=80 git deploy --help) | grep -q 'Route a Git push' || fail "git deploy --help does not show the man page"
(cd repo && git deploy help explain) | grep -q 'USAGE: git-deploy explain' || fail "git deploy help explain"
for f in /usr/share/bash-completion/completions/git-deploy /usr/share/man/man1/git-deploy.1.gz; do
    [ -f "$f" ] || fail "$f is not installed"
done
DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq git-deploy >/dev/null
for f in $files; do [ ! -e "$f" ] || { echo "test-deb.sh: $f is left after apt-get remove" >&2; exit 1; }; done
echo "test-deb.sh: the .deb installs with apt-get (binary, man page, completions) and is removed cleanly"
