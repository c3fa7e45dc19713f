#!/usr/bin/env bash
# Installs the pinned other Arazzo runners into .arazzo-tools/ (git-ignored), used by
# tests/arazzo/conformance/ to back what the runtime's docstrings say about them:
#   - Redocly CLI (its `redocly respect` command), from npm;
#   - the jentic arazzo-runner, from PyPI, in its own virtual environment (never the
#     project's: its dependencies must not meet ours), with its dependencies pinned too.
# Idempotent: does nothing when the pinned versions are present.
set -euo pipefail

REDOCLY_VERSION="2.77.0"
ARAZZO_RUNNER_VERSION="0.9.6"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/.arazzo-tools"
VENV="$DEST/arazzo-runner-venv"
PYTHON="${PYTHON:-python3}"

REDOCLY_PKG="$DEST/node_modules/@redocly/cli/package.json"
if ! { [ -f "$REDOCLY_PKG" ] && grep -q "\"version\": \"$REDOCLY_VERSION\"" "$REDOCLY_PKG"; }; then
  command -v npm >/dev/null || { echo "npm is required to install Redocly CLI $REDOCLY_VERSION" >&2; exit 1; }
  mkdir -p "$DEST"
  [ -f "$DEST/package.json" ] || echo '{"name": "imagebuild-arazzo-tools", "private": true}' > "$DEST/package.json"
  npm install --prefix "$DEST" --no-audit --no-fund --save-exact "@redocly/cli@$REDOCLY_VERSION" >&2
fi

if ! compgen -G "$VENV/lib/python*/site-packages/arazzo_runner-$ARAZZO_RUNNER_VERSION.dist-info" >/dev/null \
   || ! [ -x "$VENV/bin/python" ]; then
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps \
    "arazzo-runner==$ARAZZO_RUNNER_VERSION" \
    annotated-types==0.8.0 certifi==2026.10.19.post1 charset-normalizer==3.5.3 idna==3.20 \
    jsonpath-ng==1.16.0 jsonpointer==3.12 pydantic==2.14.4 pydantic_core==2.50.5 PyYAML==6.0.4 \
    requests==2.34.2 typing-inspection==0.4.5 typing_extensions==4.16.0 urllib3==2.8.0 >&2
  "$VENV/bin/python" -m pip check >&2
fi
