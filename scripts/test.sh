#!/usr/bin/env bash
# Run the whole suite: make sure the Pulumi CLI, the JavaScript client, the AWS CLI and the other Arazzo runners
# are installed, type-check both packages (the product and imagebuilder-local), then pytest (.venv: the Python
# and SDK of requirements.lock; the product's unit and integration suites and the release-fixture test, then the
# local service's suite), then the support matrix (scripts/matrix.py: Python 3.11, 3.12, 3.13 with both ends of
# the SDK range, each row a venv of its own under .tools/matrix/; the real-CLI suite runs there, on the oldest
# and the newest SDK, not a third time on the lock's), then the load check (100 builds in one `pulumi up` within
# 1.2 times the wall time of 1, the provider within 200 MB, previews without a service call; about 70 s), last,
# on a quiet machine. With arguments, only pytest with those arguments.
# mypy, pytest, the matrix and the load check exit non-zero on any failure (pytest with 5 when it collects
# nothing); each fails the run.
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
.venv/bin/python -m pytest -p no:cacheprovider -m "not e2e or release"
(cd imagebuilder-local && ../.venv/bin/python -m pytest -p no:cacheprovider)
.venv/bin/python scripts/matrix.py
exec .venv/bin/python -m bench.load --check
