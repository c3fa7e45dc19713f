#!/usr/bin/env bash
# Installs the AWS CLI v1 pinned in scripts/aws-cli.lock into its own venv, used by
# imagebuilder-local/tests/test_aws_cli.py as a third client of the local Image Builder service.
# No awscli release depends on the botocore this project pins (1.45.x pin botocore 1.43.x;
# 1.46.x carry their own copy, which shadows `import botocore`), so it must not share .venv.
#
# Usage:  AWS_BIN=$(scripts/ensure-aws-cli.sh)
# Prints the directory holding `aws` as the last line of stdout; progress goes to stderr.
# The venv lives in .tools/awscli-VERSION (git-ignored), or under $IMAGEBUILD_TOOLS_DIR if set.
# Idempotent: does nothing when the pinned version is already there.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCK="$ROOT/scripts/aws-cli.lock"
VERSION="$(grep -oE '^awscli==[0-9.]+' "$LOCK" | cut -d= -f3)"
DEST="${IMAGEBUILD_TOOLS_DIR:-$ROOT/.tools}/awscli-$VERSION"

if [ -x "$DEST/bin/aws" ] && "$DEST/bin/aws" --version 2>&1 | grep -q "^aws-cli/$VERSION "; then
  echo "$DEST/bin"
  exit 0
fi
echo "ensure-aws-cli: installing awscli $VERSION into $DEST" >&2
rm -rf "$DEST"
"${PYTHON:-python3}" -m venv "$DEST"
"$DEST/bin/pip" install --quiet --disable-pip-version-check --requirement "$LOCK" >&2
"$DEST/bin/aws" --version >&2
echo "$DEST/bin"
