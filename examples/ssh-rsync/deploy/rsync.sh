#!/bin/sh
# Ships the deployed commit (or the rollback commit) to the environment's host and switches to it.
set -eu
commit=${DEPLOY_ROLLBACK_TO:-$DEPLOY_COMMIT}
# DEPLOY_APP_CONFIG names a JSON file: config/base.yml merged with config/<environment>.yml.
host=$(jq -er .host "$DEPLOY_APP_CONFIG")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
git archive "$commit" | tar -x -C "$dir"
rsync -az --delete "$dir/" "deploy@$host:/srv/app/releases/$commit/"
ssh "deploy@$host" "ln -sfn /srv/app/releases/$commit /srv/app/current && systemctl restart app"
