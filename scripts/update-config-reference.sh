#!/usr/bin/env bash
# Rewrites the configuration reference in README.md from `git deploy config --reference`
# (ConfigurationSchema, the table the validation uses), between the config-reference markers.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product git-deploy >/dev/null
reference=$("$(swift build --show-bin-path)/git-deploy" config --reference)
python3 - "$reference" <<'PY'
import sys
start, end = "<!-- config-reference:start -->\n", "<!-- config-reference:end -->"
text = open("README.md").read()
head, rest = text.split(start, 1)
_, tail = rest.split(end, 1)
open("README.md", "w").write(head + start + sys.argv[1] + "\n" + end + tail)
PY
echo "README.md: configuration reference updated"
