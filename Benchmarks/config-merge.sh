#!/usr/bin/env bash
# The application configuration merge must be linear in the number of keys (issue 11, item 7):
# a YAML merge key (`<<: *big`) in config/staging.yml with N keys, deployed to staging with a
# handler that only counts the merged JSON's bytes. Linear: 3× the keys cost about 3× the time
# (less, with the fixed start-up cost); quadratic: about 9×.
#
#   Benchmarks/config-merge.sh [--runs N] [--bin PATH]     (needs hyperfine)
#
# Before the fix (debug build): 20,000 keys 20.7 s, 60,000 keys 211 s, a ratio of 10.2.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
runs=5
bin=""
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs=$2; shift 2 ;;
        --bin) bin=$2; shift 2 ;;
        *) echo "usage: $0 [--runs N] [--bin PATH]" >&2; exit 64 ;;
    esac
done
command -v hyperfine >/dev/null || { echo "config-merge.sh: hyperfine is missing (apt-get install hyperfine)" >&2; exit 1; }
# shellcheck source=Benchmarks/common.sh
. "$here/common.sh"
[ -n "$bin" ] || build_release_binary
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# make_repo DIR KEYS: a repository whose config/staging.yml merges a KEYS-key anchor.
make_repo() {
    local dir=$1 keys=$2
    git init -q -b main "$dir"
    mkdir -p "$dir/config"
    cat > "$dir/.deploy.yml" <<'YAML'
targets:
  direct-deployment:
    run: [sh, -c, 'wc -c < "$DEPLOY_APP_CONFIG" > /dev/null']
YAML
    python3 - "$keys" > "$dir/config/staging.yml" <<'PY'
import sys
n = int(sys.argv[1])
print("big: &big")
for i in range(n):
    print(f"  key{i}: {i}")
print("service:")
print("  <<: *big")
print("  key0: overridden")
PY
    git -C "$dir" add -A
    git -C "$dir" commit -qm "chore: config"
}

make_repo "$work/small" 20000
make_repo "$work/large" 60000
hyperfine -N --warmup 1 --runs "$runs" --export-json "$work/result.json" \
    -n 20000 "sh -c 'cd $work/small && exec $bin staging --yes --no-infer >/dev/null'" \
    -n 60000 "sh -c 'cd $work/large && exec $bin staging --yes --no-infer >/dev/null'" >&2
python3 - "$work/result.json" <<'PY'
import json, statistics, sys
data = {r["command"]: statistics.median(r["times"]) for r in json.load(open(sys.argv[1]))["results"]}
small, large = data["20000"], data["60000"]
print(f"| keys under <<: *big | median |\n|---|---|\n| 20,000 | {small * 1000:.0f} ms |\n| 60,000 | {large * 1000:.0f} ms |")
print(f"60,000 / 20,000 keys: {large / small:.2f}× (linear ≈ 3×, quadratic ≈ 9×)")
PY
