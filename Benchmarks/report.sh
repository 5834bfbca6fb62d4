#!/usr/bin/env bash
# `git deploy report` over 5,000 recorded deployments on the 20,000-commit benchmark repository
# (issue 15's bar: ≤ 1 s and < 150 MiB peak). Kept apart from run.sh; shares its cache.
#
#   Benchmarks/report.sh [RUNS]
#
# The repository is run.sh's (Benchmarks/.cache/repo, made by make-repo.sh; REPORT_REPO names
# another copy to start from). Deployments are those of run.sh's history benchmark: one entry on
# every fourth first-parent commit, dealt over dev, staging and prod, so every environment's lead
# times walk the whole 20,000 commits. Needs hyperfine, python3 and GNU time.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
runs=${1:-10}
cd "$root"
# shellcheck source=Benchmarks/common.sh
. "$here/common.sh"
build_release_binary
cache="$here/.cache"
source_repo=${REPORT_REPO:-$cache/repo}
[ -d "$source_repo" ] || { echo "report.sh: $source_repo is missing: run Benchmarks/run.sh once (or set REPORT_REPO)" >&2; exit 1; }
repo="$cache/report-repo"
if [ ! -f "$cache/report-repo.ready" ]; then
    rm -rf "$repo"
    cp -r "$source_repo" "$repo"
    git -C "$repo" rev-list --first-parent --skip=1 HEAD | awk 'NR % 4 == 1 && ++n <= 5000' |
        python3 "$here/make-deployments.py" 5000 refs/notes/deployments | git -C "$repo" fast-import --quiet
    touch "$cache/report-repo.ready"
fi
commits=$(git -C "$repo" rev-list --count HEAD)
entries=$(git -C "$repo" notes --ref deployments list | wc -l)
echo "report.sh: $commits commits, notes on $entries commits (5,000 deployments)" >&2

# The deployments run from 2025-01-01 for 35 days; the window holds all of them, and the window
# before it (trends) is read too.
window=(--since 2024-12-01 --until 2025-03-01)
cd "$repo"
hyperfine --warmup 2 --runs "$runs" --export-json "$cache/report.json" \
    -n "report --format json" "$bin report ${window[*]} --format json" \
    -n "report --format html" "$bin report ${window[*]} --format html" \
    -n "report (text)" "$bin report ${window[*]}" >&2
for format in json html; do
    /usr/bin/time -f "%M" -o "$cache/report-rss.txt" "$bin" report "${window[@]}" --format "$format" >/dev/null
    echo "report --format $format: peak RSS $(( $(cat "$cache/report-rss.txt") / 1024 )) MiB"
done
python3 - "$cache/report.json" <<'PY'
import json, sys
for result in json.load(open(sys.argv[1]))["results"]:
    print(f"{result['command']}: median {result['median'] * 1000:.1f} ms (min {result['min'] * 1000:.1f} ms)")
PY
