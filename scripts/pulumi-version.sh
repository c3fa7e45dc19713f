#!/usr/bin/env bash
# Print the version of the Pulumi CLI this repository builds and tests with: the pulumi==X.Y.Z pin of
# requirements.lock (pyproject.toml holds the range users may install).
set -euo pipefail
sed -n 's/^pulumi==\([0-9][0-9]*\.[0-9][0-9]*\.[0-9][0-9]*\)$/\1/p' "$(dirname "${BASH_SOURCE[0]}")/../requirements.lock" | head -n1
