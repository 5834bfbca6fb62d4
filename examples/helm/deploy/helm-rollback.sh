#!/bin/sh
# Re-deploys the image of the commit git-deploy rolls back to.
set -eu
helm upgrade app charts/app --namespace "$DEPLOY_ENVIRONMENT" --reuse-values \
    --set image.tag="$DEPLOY_ROLLBACK_TO" --wait --timeout 10m
