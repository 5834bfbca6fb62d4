#!/bin/sh
# Points the environment's Argo CD application at the deployed commit (or, for a rollback, the
# commit git-deploy returns to), syncs it and waits until it is healthy.
set -eu
app="app-$DEPLOY_ENVIRONMENT"
revision=${DEPLOY_ROLLBACK_TO:-$DEPLOY_COMMIT}
argocd app set "$app" --revision "$revision"
argocd app sync "$app"
argocd app wait "$app" --health --sync --timeout 900
