#!/usr/bin/env bash
# Run the whole suite: make sure the Pulumi CLI, the JavaScript client, the AWS CLI and the other Arazzo runners
# are installed, type-check both packages (the product and imagebuilder-local), then pytest (the product's suite,
# then the local service's), then the load check (100 builds in one `pulumi up` within 1.2 times the wall time
# of 1, the provider within 200 MB, previews without a service call; about 70 s). With arguments, only pytest
# with those arguments.
# mypy, pytest and the load check exit non-zero on any failure (pytest with 5 when it collects nothing);
# each fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-pulumi.sh >/dev/null
scripts/ensure-js-client.sh >/dev/null
scripts/ensure-aws-cli.sh >/dev/null
scripts/ensure-arazzo-tools.sh >/dev/null || echo "scripts/ensure-arazzo-tools.sh failed: tests/arazzo/conformance will fail" >&2
source scripts/pulumi-env.sh
if [ "$#" -gt 0 ]; then
  exec .venv/bin/python -m pytest -p no:cacheprovider "$@"
fi
.venv/bin/mypy
(cd imagebuilder-local && ../.venv/bin/mypy)
.venv/bin/python -m pytest -p no:cacheprovider
(cd imagebuilder-local && ../.venv/bin/python -m pytest -p no:cacheprovider)
exec .venv/bin/python -m bench.load --check
