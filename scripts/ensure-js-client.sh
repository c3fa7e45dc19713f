#!/usr/bin/env bash
# Installs the pinned AWS SDK for JavaScript v3 Image Builder client into
# .npm-tools/ (git-ignored), used by imagebuilder-local/tests/test_js_client.py to show
# the local Image Builder service working with a client that shares no code
# with botocore. Idempotent: does nothing when the pinned version is present.
set -euo pipefail

VERSION="3.1046.0"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/.npm-tools"
PKG_JSON="$DEST/node_modules/@aws-sdk/client-imagebuilder/package.json"

if [ -f "$PKG_JSON" ] && grep -q "\"version\": \"$VERSION\"" "$PKG_JSON"; then
  exit 0
fi
command -v npm >/dev/null || { echo "npm is required" >&2; exit 1; }
mkdir -p "$DEST"
[ -f "$DEST/package.json" ] || echo '{"name": "imagebuild-npm-tools", "private": true}' > "$DEST/package.json"
npm install --prefix "$DEST" --no-audit --no-fund --save-exact \
  "@aws-sdk/client-imagebuilder@$VERSION" >&2
