#!/usr/bin/env bash
# The main job, end to end on a fresh machine: start the local Image Builder service,
# preview and deploy the example stack (`dev`) against it, show the outputs, destroy
# the stack, and stop the service, leaving nothing running.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-pulumi.sh >/dev/null
source scripts/pulumi-env.sh

PORT=4599  # must match imagebuild:endpointUrl in Pulumi.dev.yaml
LOG=$(mktemp)
.venv/bin/python -m imagebuilder_local --port "$PORT" >"$LOG" 2>&1 &
SERVICE=$!
trap 'kill "$SERVICE" 2>/dev/null; wait "$SERVICE" 2>/dev/null; rm -f "$LOG"' EXIT
for _ in $(seq 50); do
  grep -q '^http://' "$LOG" && break
  kill -0 "$SERVICE" 2>/dev/null || { cat "$LOG" >&2; echo "the local Image Builder service did not start" >&2; exit 1; }
  sleep 0.2
done
echo "local Image Builder service: $(head -n1 "$LOG")"

# The local service's test credentials; a stack for real AWS uses the standard credential chain.
export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
unset AWS_SESSION_TOKEN AWS_PROFILE

pulumi stack select dev --create --non-interactive
pulumi preview --diff --non-interactive
pulumi up --yes --skip-preview --non-interactive
pulumi stack output --json
pulumi destroy --yes --skip-preview --non-interactive
