#!/usr/bin/env bash
# Every benchmark in one command: builds release, makes the synthetic repository once (cached in
# Benchmarks/.cache), and prints one table of medians, git-deploy against the git CLI doing the
# same work, with the ratio and git-deploy's peak memory.
#
#   Benchmarks/run.sh [--runs N] [--only NAME[,NAME…]]
#
#   explain            explain --format json on a tagged HEAD   vs git tag --points-at HEAD      ≤ 1.0×
#   explain-real       the same on REAL_REPO (a clone with a tagged HEAD, e.g. argo-cd's), when set
#   scan-10k           explain over HEAD~10000..HEAD            vs git log --format=%B --name-only (no bar)
#   pre-push-10k       pre-push of main with 10,000 new commits vs the same git log               ≤ 1.25×, < 150 MiB
#   pre-push-10k-graph the same, both sides with a commit-graph (git commit-graph write --reachable)
#   pre-push-unrouted  pre-push of a branch with no route       vs git rev-parse HEAD             ≤ 4.0×
#   history-20         history --format json --limit 20 of 5,000 entries vs git notes list       ≤ 30 ms
#   record             record one deployment (--no-infer) with 50,000 entries in the history
#                      vs the same record with 500 entries                                      ≤ 1.3×
#
# Needs hyperfine (apt-get install hyperfine), python3 and GNU time (/usr/bin/time).
# MAKE_REPO=path/to/make-repo.sh overrides where the repository generator is found.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
runs=15
only=""
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs=$2; shift 2 ;;
        --only) only=",$2,"; shift 2 ;;
        *) echo "usage: $0 [--runs N] [--only NAME[,NAME…]]" >&2; exit 64 ;;
    esac
done
command -v hyperfine >/dev/null || { echo "run.sh: hyperfine is missing (apt-get install hyperfine)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "run.sh: GNU time is missing (apt-get install time)" >&2; exit 1; }

make_repo=${MAKE_REPO:-}
for candidate in "$root/../shared/bench/make-repo.sh" "$root/../../shared/bench/make-repo.sh"; do
    [ -z "$make_repo" ] && [ -f "$candidate" ] && make_repo=$candidate
done
[ -n "$make_repo" ] || { echo "run.sh: make-repo.sh not found; set MAKE_REPO" >&2; exit 1; }

cd "$root"
# shellcheck source=Benchmarks/common.sh
. "$here/common.sh"
build_release_binary
cache="$here/.cache"
mkdir -p "$cache"
repo="$cache/repo"
if [ ! -f "$cache/repo.ready" ]; then
    echo "run.sh: making the benchmark repository (20,000 commits, 5,000 tags, 2,000 branches)…" >&2
    bash "$make_repo" "$repo" >&2
    touch "$cache/repo.ready"
fi
# make-repo.sh checks its files out in the second the index is written: every entry is then
# "racily clean" and a status (git-deploy's clean-work-tree gate on pre-push) re-reads every
# file. Git refreshes the index once, as any git status in a real work tree has done.
git -C "$repo" status --porcelain >/dev/null
# A copy with a commit-graph file, which both git log and libgit2's revwalk read.
graph="$cache/graph-repo"
if [ ! -f "$cache/graph-repo.ready" ]; then
    rm -rf "$graph"
    cp -r "$repo" "$graph"
    git -C "$graph" commit-graph write --reachable
    touch "$cache/graph-repo.ready"
fi
git -C "$graph" status --porcelain >/dev/null
# The history benchmarks work on a copy with 5,000 recorded deployments, made with git
# fast-import (one entry on every fourth first-parent commit; seconds instead of the minutes
# 5,000 record processes would take), so the main repository stays as make-repo.sh made it.
records="$cache/records-repo"
if [ ! -f "$cache/records-repo-2.ready" ]; then
    rm -rf "$records"
    cp -r "$repo" "$records"
    git -C "$records" rev-list --first-parent --skip=1 HEAD | awk 'NR % 4 == 1 && ++n <= 5000' |
        python3 "$here/make-deployments.py" 5000 refs/notes/bench-5000 | git -C "$records" fast-import --quiet
    # The record benchmark's two histories, on refs of their own: 500 entries, and 50,000
    # (two or three on each of the 20,000 first-parent commits).
    for count in 500 50000; do
        git -C "$records" rev-list --first-parent --skip=1 HEAD |
            python3 "$here/make-deployments.py" "$count" "refs/notes/bench-$count" | git -C "$records" fast-import --quiet
    done
    touch "$cache/records-repo-2.ready"
fi
git -C "$records" status --porcelain >/dev/null
# The record benchmark leaves refs/notes/deployments on one of its own entries.
git -C "$records" update-ref refs/notes/deployments refs/notes/bench-5000

# Hook benchmarks read Git's pre-push lines from a file; both sides run under the same `sh -c`
# so the shell's cost is paid equally.
zero=0000000000000000000000000000000000000000
head=$(git -C "$repo" rev-parse HEAD)
base=$(git -C "$repo" rev-parse HEAD~10000)
echo "refs/heads/main $head refs/heads/main $base" > "$cache/push-10k.txt"
echo "refs/heads/feature/x $head refs/heads/feature/x $zero" > "$cache/push-unrouted.txt"
notes_500=$(git -C "$records" rev-parse refs/notes/bench-500)
notes_50000=$(git -C "$records" rev-parse refs/notes/bench-50000)

results="$cache/results"
mkdir -p "$results"
rows=()

# bench NAME DIR 'git-deploy command' 'git command' NOTE [PREPARE [PREPARE-THEIRS]]
bench() {
    local name=$1 dir=$2 ours=$3 theirs=$4 note=$5 prepare=${6:-true} prepare_theirs=${7:-${6:-true}}
    [ -n "$only" ] && [[ "$only" != *",$name,"* ]] && return 0
    echo "run.sh: $name…" >&2
    (cd "$dir" && hyperfine -N --warmup 3 --runs "$runs" --export-json "$results/$name.json" \
        --prepare "$prepare" -n ours "$ours" --prepare "$prepare_theirs" -n git "$theirs" >/dev/null 2>&1) ||
        { echo "run.sh: $name failed to run" >&2; return 1; }
    (cd "$dir" && $prepare)
    local peak
    peak=$(cd "$dir" && /usr/bin/time -f '%M' sh -c "exec $ours >/dev/null 2>/dev/null" 2>&1 | tail -n 1)
    (cd "$dir" && $prepare)
    rows+=("$(python3 - "$results/$name.json" "$name" "$peak" "$note" <<'PY'
import json, statistics, sys
data = json.load(open(sys.argv[1]))["results"]
med = {r["command"]: statistics.median(r["times"]) * 1000 for r in data}
ours, git = med["ours"], med["git"]
print(f"| {sys.argv[2]} | {ours:.1f} ms | {git:.1f} ms | {ours / git:.2f}× | {int(sys.argv[3]) / 1024:.1f} MiB | {sys.argv[4]} |")
PY
)")
}

bench explain "$repo" "$bin explain --format json" "git tag --points-at HEAD" "≤ 1.0×"
if [ -n "${REAL_REPO:-}" ]; then
    git -C "$REAL_REPO" status --porcelain >/dev/null
    bench explain-real "$REAL_REPO" "$bin explain --format json" "git tag --points-at HEAD" "≤ 1.0×"
fi
bench scan-10k "$repo" "$bin explain --format json --range HEAD~10000..HEAD" \
    "git log --format=%B --name-only HEAD~10000..HEAD" "–"
bench pre-push-10k "$repo" "sh -c 'exec $bin hook pre-push origin /dev/null < $cache/push-10k.txt 2>/dev/null'" \
    "sh -c 'exec git log --format=%B --name-only HEAD~10000..HEAD < $cache/push-10k.txt'" "≤ 1.25×, < 150 MiB"
bench pre-push-10k-graph "$graph" "sh -c 'exec $bin hook pre-push origin /dev/null < $cache/push-10k.txt 2>/dev/null'" \
    "sh -c 'exec git log --format=%B --name-only HEAD~10000..HEAD < $cache/push-10k.txt'" "(commit-graph)"
bench pre-push-unrouted "$repo" "sh -c 'exec $bin hook pre-push origin /dev/null < $cache/push-unrouted.txt'" \
    "sh -c 'exec git rev-parse HEAD < $cache/push-unrouted.txt'" "≤ 4.0×"
bench history-20 "$records" "$bin history --format json --limit 20" "git notes --ref deployments list" "≤ 30 ms"
# Both sides record into a history reset before every run: 50,000 entries (ours) against 500
# (the "git CLI" column of this row).
bench record "$records" "$bin record dev --status succeeded --no-infer" "$bin record dev --status succeeded --no-infer" \
    "≤ 1.3× (vs 500 entries)" "git update-ref refs/notes/deployments $notes_50000" "git update-ref refs/notes/deployments $notes_500"
echo
echo "Machine: $(nproc) cores, $(uname -srm); $(git --version); libgit2 $(pkg-config --modversion libgit2); runs: $runs (medians)"
echo
echo "| benchmark | git-deploy | git CLI | ratio | git-deploy peak RSS | bar |"
echo "|---|---|---|---|---|---|"
for row in "${rows[@]}"; do echo "$row"; done
