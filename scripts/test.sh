#!/usr/bin/env bash
# Run the whole suite: make sure the Pulumi CLI, the JavaScript client and the AWS CLI are installed, then pytest.
# pytest exits non-zero on any failure, and with 5 when it collects nothing; both fail the run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-pulumi.sh >/dev/null
scripts/ensure-js-client.sh >/dev/null
scripts/ensure-aws-cli.sh >/dev/null
source scripts/pulumi-env.sh
exec .venv/bin/python -m pytest -p no:cacheprovider "$@"
