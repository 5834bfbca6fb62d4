#!/bin/sh
# Installs or upgrades the chart for the routed environment, pinned to the deployed commit.
set -eu
helm upgrade --install app charts/app \
    --namespace "$DEPLOY_ENVIRONMENT" --create-namespace \
    --values "charts/app/values-$DEPLOY_ENVIRONMENT.yaml" \
    --set image.tag="$DEPLOY_COMMIT" \
    --wait --timeout 10m
