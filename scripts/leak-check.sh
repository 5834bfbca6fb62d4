#!/usr/bin/env bash
# scripts/leak-check.sh — issue 7: the libgit2 wrapper leaks no handles.
#
# Builds git-deploy (debug, DWARF 4), makes a benchmark repository with shared/bench/make-repo.sh
# (10,500 commits, 500 tags, 50 branches by default), and runs under valgrind
#   1. git-deploy explain --format json                               (a full explain)
#   2. git-deploy explain --format json --range HEAD~10000..HEAD      (a 10,000-commit scan)
# Each run must have 0 bytes definitely and indirectly lost, and no libgit2 object that our
# GitRepository code obtained may still be allocated at exit (see scripts/leak-summary.py: libgit2
# caches looked-up objects in the repository, so a forgotten free could hide as "still reachable").
#
# Not counted as ours: "still reachable" and "possibly lost" blocks of the Swift runtime and
# Foundation (metadata caches, globals) and of libgit2's process-wide state (git_libgit2_init, the
# pack cache, per-thread error buffers), which live until exit by design (DESIGN: no
# git_libgit2_shutdown at exit). No suppressions file is needed: only definite and indirect
# losses fail the run (--errors-for-leak-kinds=definite,indirect).
#
# Environment: MAKE_REPO (default ../shared/bench/make-repo.sh from the project root),
# LEAK_CHECK_DIR (work folder, kept; default a new temporary one), LEAK_CHECK_COMMITS/TAGS/BRANCHES,
# LEAK_CHECK_RANGE (default HEAD~10000..HEAD). Takes about 3 minutes, most of it valgrind.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
make_repo=${MAKE_REPO:-$root/../shared/bench/make-repo.sh}
work=${LEAK_CHECK_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/git-deploy-leak-check.XXXXXX")}
commits=${LEAK_CHECK_COMMITS:-10500} tags=${LEAK_CHECK_TAGS:-500} branches=${LEAK_CHECK_BRANCHES:-50}
range=${LEAK_CHECK_RANGE:-HEAD~10000..HEAD}

command -v valgrind >/dev/null || { echo "leak-check: valgrind not found (apt-get install valgrind)" >&2; exit 2; }
[ -x "$make_repo" ] || [ -f "$make_repo" ] || { echo "leak-check: no make-repo.sh at $make_repo (set MAKE_REPO)" >&2; exit 2; }
mkdir -p "$work"

# valgrind 3.19 (Debian 12) cannot read the DWARF 5 that Swift 6 and clang emit by default, so
# this build asks for DWARF 4, in its own scratch folder to leave the normal .build alone.
echo "leak-check: building git-deploy (debug, DWARF 4) in .build-leakcheck"
swift build --package-path "$root" -c debug --product git-deploy --scratch-path "$root/.build-leakcheck" \
    -Xswiftc -dwarf-version=4 -Xcc -gdwarf-4 >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
binary=$root/.build-leakcheck/debug/git-deploy

if [ ! -d "$work/repo/.git" ]; then
    echo "leak-check: making a repository of $commits commits, $tags tags, $branches branches"
    bash "$make_repo" "$work/repo" "$commits" "$tags" "$branches" >/dev/null
fi

failed=0
check() {
    local label=$1; shift
    local log=$work/$label.valgrind.log status=0
    echo "leak-check: $label: valgrind git-deploy $*"
    # The binary keeps its repository open until exit to skip libgit2's teardown; here it must
    # free everything, so that what is left allocated is what was never freed.
    (cd "$work/repo" && GIT_DEPLOY_FREE_AT_EXIT=1 valgrind --leak-check=full --show-leak-kinds=all --num-callers=40 \
        --errors-for-leak-kinds=definite,indirect --error-exitcode=1 \
        "$binary" "$@" >"$work/$label.out" 2>"$log") || status=$?
    if ! python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$work/$label.out" 2>/dev/null; then
        echo "leak-check: $label: git-deploy did not print JSON (exit $status); see $log" >&2
        failed=1
        return
    fi
    local summary scanned
    scanned=$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1])).get("scan") or {}; print(s.get("commits_read", 0))' "$work/$label.out")
    if ! summary=$(python3 "$root/scripts/leak-summary.py" "$log") || [ "$status" -ne 0 ]; then
        failed=1
        echo "leak-check: $label: FAILED (valgrind exit $status, $scanned commits scanned): $summary; details in $log"
    else
        echo "leak-check: $label: ok ($scanned commits scanned): $summary"
    fi
}

check explain explain --format json
check scan explain --format json --range "$range"

echo "leak-check: logs in $work"
exit "$failed"
