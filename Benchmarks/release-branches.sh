#!/usr/bin/env bash
# The release-branch-shaped benchmark of issue 13 (a project that tags only on its release
# branches, as argo-cd does): 20,000 commits on main, old release tags on main only in its first
# 10,000 commits, ten release branches cut from the last 10,000 with three tags each, 500
# feature branches. `explain` on main should scan only from the fork point of the newest release
# branch, at no more than 1.25× what `git log --format=%B --name-only FORK..main` costs, in at
# most 64 MiB.
#
#   Benchmarks/release-branches.sh [--runs N]
#
# Needs hyperfine, python3 and GNU time (/usr/bin/time). The repository is made once, with git
# fast-import, into Benchmarks/.cache/release-branches.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
runs=15
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs=$2; shift 2 ;;
        *) echo "usage: $0 [--runs N]" >&2; exit 64 ;;
    esac
done
command -v hyperfine >/dev/null || { echo "release-branches.sh: hyperfine is missing (apt-get install hyperfine)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "release-branches.sh: GNU time is missing (apt-get install time)" >&2; exit 1; }

cd "$root"
# shellcheck source=Benchmarks/common.sh
. "$here/common.sh"
build_release_binary
cache="$here/.cache"
repo="$cache/release-branches"
mkdir -p "$cache"
if [ ! -f "$cache/release-branches.ready" ]; then
    echo "release-branches.sh: making the repository (20,000 commits, 10 release branches)…" >&2
    rm -rf "$repo"
    git init -q -b main "$repo"
    python3 - <<'PY' | git -C "$repo" fast-import --quiet
import sys
out = sys.stdout
n, untagged_from, branches, per_branch = 20000, 10000, 10, 3
t0 = 1700000000
kinds = ["feat", "fix", "chore", "docs", "refactor", "perf", "test"]
services = ["api", "web", "worker", "billing", "search"]
def data(s):
    b = s.encode()
    out.write(f"data {len(b)}\n"); out.flush(); sys.stdout.buffer.write(b); out.write("\n")
def commit(ref, mark, i, parent, files, msg):
    out.write(f"commit {ref}\nmark :{mark}\n")
    out.write(f"author Dev {i%17} <dev{i%17}@example.com> {t0+i*60} +0000\n")
    out.write(f"committer Dev {i%17} <dev{i%17}@example.com> {t0+i*60} +0000\n")
    data(msg)
    if parent:
        out.write(f"from :{parent}\n")
    for path, content in files:
        out.write(f"M 100644 inline {path}\n"); data(content)
    out.write("\n")
# Forks of the release branches, spread over main's untagged half; the newest ~460 commits back.
forks = [untagged_from + k * 1060 for k in range(branches)]
for i in range(1, n + 1):
    k = kinds[i % len(kinds)]
    svc = services[i % len(services)]
    files = [(f"services/{svc}/src/file{i%50}.txt", f"{svc} {i}\n")]
    if i == 1:
        files += [("Dockerfile", "FROM scratch\n"), ("k8s/deployment.yaml", "kind: Deployment\n")]
    # Only the older half of main has these: the range since the fork point finds no option,
    # so the scan reads every commit and every diff of it, as git log does.
    if i < untagged_from and i % 13 == 0:
        files.append((f"db/migrations/{i:07d}_change.sql", f"-- migration {i}\n"))
    msg = f"{k}({svc}): change number {i}\n\nBody line for change {i}.\n"
    commit("refs/heads/main", i, i, i - 1 if i > 1 else None, files, msg)
mark = n
for b, fork in enumerate(forks):
    parent = fork
    for p in range(per_branch):
        mark += 1
        commit(f"refs/heads/release-1.{b}", mark, fork + p, parent,
               [(f"services/api/release-{b}-{p}.txt", f"{b}.{p}\n")], f"fix(release): backport {b}.{p}\n")
        out.write(f"tag v1.{b}.{p}\nfrom :{mark}\ntagger Rel <rel@example.com> {t0+(fork+p)*60+1} +0000\n")
        data(f"release v1.{b}.{p}\n")
        parent = mark
# Old releases on main, every 200 commits of its first half.
for t, i in enumerate(range(200, untagged_from, 200)):
    out.write(f"tag v0.{t}.0\nfrom :{i}\ntagger Rel <rel@example.com> {t0+i*60+1} +0000\n")
    data(f"release v0.{t}.0\n")
for j in range(1, 501):
    out.write(f"reset refs/heads/feature/b{j}\nfrom :{max(1, n - (j * 7) % n)}\n\n")
PY
    git -C "$repo" reset -q --hard main
    git -C "$repo" pack-refs --all
    git -C "$repo" gc -q
    touch "$cache/release-branches.ready"
fi

fork=$(git -C "$repo" merge-base main release-1.9)
echo "release-branches.sh: $(git -C "$repo" rev-list --count main) commits on main, $(git -C "$repo" tag | wc -l) tags;" \
     "fork point of release-1.9 is $(git -C "$repo" rev-list --count "$fork..main") commits back" >&2
results="$cache/results"
mkdir -p "$results"
cd "$repo"
hyperfine -N --warmup 3 --runs "$runs" --export-json "$results/release-branches.json" \
    -n ours "$bin explain --format json" -n git "git log --format=%B --name-only $fork..main" >/dev/null 2>&1
peak=$(/usr/bin/time -f '%M' sh -c "exec $bin explain --format json >/dev/null 2>/dev/null" 2>&1 | tail -n 1)
scan=$("$bin" explain --format json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["scan"]["commits_read"], "commits in", d["scan"]["range"], "→ version", d["release"]["version"])')
echo
echo "explain on main: scanned $scan"
echo "Machine: $(nproc) cores, $(uname -srm); $(git --version); libgit2 $(pkg-config --modversion libgit2); runs: $runs (medians)"
echo
echo "| benchmark | git-deploy | git CLI | ratio | git-deploy peak RSS | bar |"
echo "|---|---|---|---|---|---|"
python3 - "$results/release-branches.json" "$peak" <<'PY'
import json, statistics, sys
data = json.load(open(sys.argv[1]))["results"]
med = {r["command"]: statistics.median(r["times"]) * 1000 for r in data}
ours, git = med["ours"], med["git"]
print(f"| release-branches | {ours:.1f} ms | {git:.1f} ms | {ours / git:.2f}× | {int(sys.argv[2]) / 1024:.1f} MiB | ≤ 1.25×, ≤ 64 MiB |")
PY
