#!/bin/sh
# Builds the deployed commit (or the rollback commit) and ships it to the environment's host.
set -eu
commit=${DEPLOY_ROLLBACK_TO:-$DEPLOY_COMMIT}
host=$(jq -r .host "$DEPLOY_APP_CONFIG")         # from config/base.yml ← config/<env>.yml
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
git archive "$commit" | tar -x -C "$dir"
rsync -az --delete "$dir/" "deploy@$host:/srv/app/releases/$commit/"
ssh "deploy@$host" "ln -sfn /srv/app/releases/$commit /srv/app/current && systemctl restart app"
