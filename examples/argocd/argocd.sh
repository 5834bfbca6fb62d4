#!/bin/sh
# Points the environment's Argo CD application at the deployed commit, syncs it and waits.
set -eu
app="app-$DEPLOY_ENVIRONMENT"
argocd app set "$app" --revision "$DEPLOY_COMMIT"
argocd app sync "$app"
argocd app wait "$app" --health --sync --timeout 900
