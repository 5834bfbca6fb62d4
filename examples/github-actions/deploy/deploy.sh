#!/bin/sh
# Points the environment's Deployment at the image built for the deployed (or rollback) commit.
set -eu
commit=${DEPLOY_ROLLBACK_TO:-$DEPLOY_COMMIT}
kubectl set image deployment/app app="registry.example.com/app:$commit" --namespace "$DEPLOY_ENVIRONMENT"
