#!/usr/bin/env bash
# Run the whole suite: make sure the Pulumi CLI, the JavaScript client, the AWS CLI and the other Arazzo runners
# are installed, type-check the package, then pytest.
# mypy and pytest exit non-zero on any failure (pytest with 5 when it collects nothing); both fail the run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-pulumi.sh >/dev/null
scripts/ensure-js-client.sh >/dev/null
scripts/ensure-aws-cli.sh >/dev/null
scripts/ensure-arazzo-tools.sh >/dev/null || echo "scripts/ensure-arazzo-tools.sh failed: tests/workflow/conformance will fail" >&2
source scripts/pulumi-env.sh
if [ "$#" -eq 0 ]; then
  .venv/bin/mypy
fi
exec .venv/bin/python -m pytest -p no:cacheprovider "$@"
