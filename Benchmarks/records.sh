#!/usr/bin/env bash
# Benchmarks of the deployment history (issue 5), on a copy of the synthetic repository that
# Benchmarks/run.sh makes (make-repo.sh: 20,000 commits, 5,000 tags, 2,000 branches) with 5,000
# recorded deployments added:
#
#   history   git-deploy history --format json --limit 20          target: median ≤ 30 ms
#   record    git-deploy record dev --status succeeded --no-infer  target: ≤ 2× git notes add
#
#   Benchmarks/records.sh [--runs N]
#
# The 5,000 deployments are made with `git fast-import` (one notes commit holding 5,000 notes,
# one entry each, on every fourth commit from HEAD~1 down, in the entry format git-deploy
# writes), which takes a second instead of the minutes 5,000 separate record processes would;
# fast-import packs them, as `git gc` would. Each record run starts from that same notes tip
# (hyperfine --prepare resets it), so every run appends to a 5,000-note history.
#
# BENCH_REPO=path uses an existing make-repo.sh repository (it is copied, never modified);
# otherwise Benchmarks/.cache/repo is used, made by run.sh's recipe when missing.
# Needs hyperfine, python3 and git.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
runs=30
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs=$2; shift 2 ;;
        *) echo "usage: $0 [--runs N]" >&2; exit 64 ;;
    esac
done
command -v hyperfine >/dev/null || { echo "records.sh: hyperfine is missing (apt-get install hyperfine)" >&2; exit 1; }

cache="$here/.cache"
mkdir -p "$cache"
source_repo=${BENCH_REPO:-$cache/repo}
if [ ! -d "$source_repo/.git" ]; then
    make_repo=${MAKE_REPO:-}
    for candidate in "$root/../shared/bench/make-repo.sh" "$root/../../shared/bench/make-repo.sh"; do
        [ -z "$make_repo" ] && [ -f "$candidate" ] && make_repo=$candidate
    done
    [ -n "$make_repo" ] || { echo "records.sh: no repository at $source_repo and make-repo.sh not found; set BENCH_REPO or MAKE_REPO" >&2; exit 1; }
    echo "records.sh: making the benchmark repository…" >&2
    bash "$make_repo" "$source_repo" >&2
fi

cd "$root"
swift build -c release --static-swift-stdlib --product git-deploy >&2
bin="$(swift build -c release --static-swift-stdlib --show-bin-path)/git-deploy"

export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com

repo="$cache/records-repo"
if [ ! -f "$cache/records-repo.ready" ]; then
    rm -rf "$repo"
    cp -r "$source_repo" "$repo"
    echo "records.sh: recording 5,000 deployments with git fast-import…" >&2
    git -C "$repo" rev-list --first-parent --skip=1 HEAD | awk 'NR % 4 == 1 && ++n <= 5000' |
        python3 "$here/make-deployments.py" | git -C "$repo" fast-import --quiet
    touch "$cache/records-repo.ready"
fi
base=$(git -C "$repo" rev-parse refs/notes/deployments)
notes=$(git -C "$repo" notes --ref deployments list | wc -l)
echo "records.sh: $notes notes under refs/notes/deployments at ${base:0:12}" >&2

results="$cache/results"
mkdir -p "$results"
entry='[{"schema":1,"id":"deploy-bench","environment":"dev","commit":"HEAD","status":"succeeded","timestamp":"2026-01-01T00:00:00.000Z"}]'
reset="git update-ref refs/notes/deployments $base"

cd "$repo"
hyperfine -N --warmup 3 --runs "$runs" --export-json "$results/records-history.json" \
    -n history "$bin history --format json --limit 20" \
    -n 'git notes list' "git notes --ref deployments list" >/dev/null
hyperfine -N --warmup 3 --runs "$runs" --prepare "$reset" --export-json "$results/records-record.json" \
    -n record "$bin record dev --status succeeded --no-infer" \
    -n 'record (inferring)' "$bin record dev --status succeeded" \
    -n 'git notes add' "git notes --ref deployments add -m '$entry' HEAD" >/dev/null
$reset

python3 - "$results/records-history.json" "$results/records-record.json" <<'PY'
import json, statistics, sys
med = {}
for path in sys.argv[1:]:
    for r in json.load(open(path))["results"]:
        med[r["command"]] = statistics.median(r["times"]) * 1000
print("| benchmark | median | bar |")
print("|---|---|---|")
print(f"| history --format json --limit 20 | {med['history']:.1f} ms | ≤ 30 ms: {'ok' if med['history'] <= 30 else 'MISSED'} |")
print(f"| git notes --ref deployments list (reference) | {med['git notes list']:.1f} ms | |")
ratio = med["record"] / med["git notes add"]
print(f"| record --no-infer | {med['record']:.1f} ms ({ratio:.2f}× git notes add) | ≤ 2×: {'ok' if ratio <= 2 else 'MISSED'} |")
print(f"| record (default, inferring) | {med['record (inferring)']:.1f} ms ({med['record (inferring)'] / med['git notes add']:.2f}×) | |")
print(f"| git notes add | {med['git notes add']:.1f} ms | |")
PY
echo
echo "Machine: $(nproc) cores, $(uname -srm); $(git --version); runs: $runs (medians)"
