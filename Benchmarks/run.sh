#!/usr/bin/env bash
# One command for every benchmark: builds release, makes the synthetic repository once (cached in
# Benchmarks/.cache), and prints a table of medians of git-deploy against the git CLI doing the same
# reads, with the ratio and git-deploy's peak memory.
#
#   Benchmarks/run.sh [--runs N] [--only NAME]
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
        --only) only=$2; shift 2 ;;
        *) echo "usage: $0 [--runs N] [--only NAME]" >&2; exit 64 ;;
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
swift build -c release --static-swift-stdlib --product git-deploy >&2
bin="$(swift build -c release --static-swift-stdlib --show-bin-path)/git-deploy"

cache="$here/.cache"
mkdir -p "$cache"
repo="$cache/repo"
if [ ! -f "$cache/repo.ready" ]; then
    echo "run.sh: making the benchmark repository (20,000 commits, 5,000 tags, 2,000 branches)…" >&2
    bash "$make_repo" "$repo" >&2
    touch "$cache/repo.ready"
    git -C "$repo" update-index -q --refresh || true
fi
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null

results="$cache/results"
mkdir -p "$results"
rows=()

# bench NAME 'git-deploy command' 'baseline command' [limit-note]
bench() {
    local name=$1 ours=$2 theirs=$3 note=${4:-}
    [ -n "$only" ] && [ "$only" != "$name" ] && return 0
    (cd "$repo" && hyperfine -N --warmup 3 --runs "$runs" --export-json "$results/$name.json" \
        -n ours "$ours" -n git "$theirs" >/dev/null 2>&1) || { echo "run.sh: $name failed to run" >&2; return 1; }
    local peak
    peak=$(cd "$repo" && /usr/bin/time -f '%M' sh -c "exec $ours >/dev/null 2>/dev/null" 2>&1 | tail -n 1)
    rows+=("$(python3 - "$results/$name.json" "$name" "$peak" "$note" <<'PY'
import json, statistics, sys
data = json.load(open(sys.argv[1]))["results"]
med = {r["command"]: statistics.median(r["times"]) * 1000 for r in data}
ours, git = med["ours"], med["git"]
print(f"| {sys.argv[2]} | {ours:.1f} ms | {git:.1f} ms | {ours / git:.2f}x | {int(sys.argv[3]) / 1024:.1f} MiB | {sys.argv[4]} |")
PY
)")
}

# Hook benchmarks read Git's pre-push lines from a file; both sides run under the same `sh -c`
# so the shell's cost is paid equally.
zero=0000000000000000000000000000000000000000
head=$(git -C "$repo" rev-parse HEAD)
base=$(git -C "$repo" rev-parse HEAD~10000)
echo "refs/heads/main $head refs/heads/main $base" > "$cache/push-10k.txt"
echo "refs/heads/feature/x $head refs/heads/feature/x $zero" > "$cache/push-unrouted.txt"

bench explain "$bin explain --format json" "git tag --points-at HEAD" "target ≤ 1.0x"
# make-repo.sh never touches integrations/ or webhooks/, so --external-integrations is never found
# and the scan cannot stop early: all 10,000 commits and their changed paths are read.
bench scan-10k "$bin explain --format json --range HEAD~10000..HEAD" "git log --format=%B --name-only HEAD~10000..HEAD" "target ≤ 1.0x, < 150 MiB"
bench pre-push-10k "sh -c 'exec $bin hook pre-push origin /dev/null < $cache/push-10k.txt 2>/dev/null'" \
    "sh -c 'exec git log --format=%B --name-only HEAD~10000..HEAD < $cache/push-10k.txt'" "target ≤ 1.0x"
bench pre-push-unrouted "sh -c 'exec $bin hook pre-push origin /dev/null < $cache/push-unrouted.txt'" \
    "sh -c 'exec git rev-parse HEAD < $cache/push-unrouted.txt'" "target ≤ 4.0x"

echo
echo "Machine: $(nproc) cores, $(uname -srm); $(git --version); runs: $runs (medians)"
echo
echo "| benchmark | git-deploy | git CLI | ratio | git-deploy peak RSS | note |"
echo "|---|---|---|---|---|---|"
for row in "${rows[@]}"; do echo "$row"; done
