#!/usr/bin/env bash
# Regenerates man/git-deploy.1 from the argument definitions with swift-argument-parser's
# generate-manual tool (the same one `swift package generate-manual` runs), so the committed page
# cannot drift: EcosystemManualEndToEndTests regenerates it and compares.
set -euo pipefail
cd "$(dirname "$0")/.."
# A fixed date keeps the page byte-for-byte reproducible; move it on with each release.
date=2026-01-01
swift build --product generate-manual >/dev/null
swift build --product git-deploy >/dev/null
bin=$(swift build --show-bin-path)
generator="$bin/generate-manual"
[ -x "$generator" ] || generator="$bin/generate-manual-tool"   # the name a plugin build gives it
"$generator" "$bin/git-deploy" --date "$date" --output-directory - > man/git-deploy.1
echo "scripts/update-manual.sh: wrote man/git-deploy.1"
