#!/usr/bin/env bash
# Ensure a Pulumi CLI (plus a Python language host) of the version pinned in
# requirements.lock is available, building it from Go modules if needed.
#
# Usage:  PULUMI_BIN=$(scripts/ensure-pulumi.sh)
# Prints the directory holding `pulumi` as the last line of stdout; progress
# goes to stderr. Built tools live in .tools/pulumi-vX.Y.Z/bin (git-ignored).
#
# Needs: go >= 1.26.6 and access to the Go module proxy (only for a cold build).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

log() { printf '%s\n' "ensure-pulumi: $*" >&2; }

# Single source of truth: the `pulumi==X.Y.Z` pin in requirements.lock (pyproject.toml holds a range: the SDK
# varies across the support matrix, the CLI stays this one).
version="$(scripts/pulumi-version.sh)"
if [ -z "$version" ]; then
  log "could not find a pulumi==X.Y.Z pin in requirements.lock"
  exit 1
fi
want="v$version"

# Upstream Python language host: module github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3
# has no tags of its own, so it can only be required by pseudo-version. This one is the pulumi/pulumi
# release commit of v3.260.0 (22df62fcb27a8482225087c1f739680ad18df0c3, committed 2026-08-28T13:01:36Z),
# found from the Origin.Hash/Time that the Go module proxy reports for github.com/pulumi/pulumi/pkg/v3@v3.260.0
# (`.info` of that version, Ref refs/tags/pkg/v3.260.0). When bumping the pin, recompute it the same way.
# The module proxy available to this project refuses this module (403), so the build then falls back to
# the small built-in language host below (same protocol, reuses sdk/v3's python toolchain code).
LANGHOST_MODULE="github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3"
LANGHOST_PSEUDO_VERSION="v3.0.0-20260828130136-22df62fcb27a"   # pulumi v3.260.0 release commit
if [ "$want" != "v3.260.0" ]; then
  LANGHOST_PSEUDO_VERSION=""   # stale for another pin: don't mix versions, use the built-in host
fi

reports_version() { # $1: path to a pulumi binary
  [ -x "$1" ] && [ "$("$1" version 2>/dev/null || true)" = "$want" ]
}

# 1. A pulumi of the pinned version already on PATH (with a Python language host beside it).
if path_pulumi="$(command -v pulumi 2>/dev/null)" && reports_version "$path_pulumi"; then
  dir="$(cd "$(dirname "$path_pulumi")" && pwd)"
  if [ -x "$dir/pulumi-language-python" ]; then
    log "using pulumi $want from PATH"
    echo "$dir"
    exit 0
  fi
fi

bin_dir="$repo_root/.tools/pulumi-$want/bin"

# 2. A previous build in .tools/.
if reports_version "$bin_dir/pulumi" && [ -x "$bin_dir/pulumi-language-python" ]; then
  log "reusing $bin_dir"
  echo "$bin_dir"
  exit 0
fi

# 3. Build from Go modules in a throw-away wrapper module.
command -v go >/dev/null || { log "go is required to build pulumi $want"; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
log "building pulumi $want in $work (takes several minutes on 2 cores)"

export CGO_ENABLED=0 GOFLAGS=-mod=mod GOWORK=off
ldflags="-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$want"

cat >"$work/go.mod" <<EOF
module local/pulumi-tools

go 1.26.6

require (
	github.com/pulumi/pulumi/pkg/v3 $want
	github.com/pulumi/pulumi/sdk/v3 $want
)

// Copied from pulumi's own go.mod files (replace directives of dependencies are ignored).
replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e

replace golang.org/x/text => golang.org/x/text v0.39.0
EOF

langhost_pkg="./langhost"
if [ -n "$LANGHOST_PSEUDO_VERSION" ] &&
   (cd "$work" && go mod download "$LANGHOST_MODULE@$LANGHOST_PSEUDO_VERSION") >/dev/null 2>&1; then
  log "using upstream language host $LANGHOST_MODULE@$LANGHOST_PSEUDO_VERSION"
  (cd "$work" && go mod edit -require="$LANGHOST_MODULE@$LANGHOST_PSEUDO_VERSION")
  langhost_pkg="$LANGHOST_MODULE"
else
  log "upstream language host not available from the module proxy; building the built-in one"
  mkdir -p "$work/langhost"
  cp "$repo_root/scripts/langhost/main.go" "$work/langhost/main.go"
fi

sdk_dir="$(cd "$work" && go mod download -json "github.com/pulumi/pulumi/sdk/v3@$want" |
  sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
[ -d "$sdk_dir/python" ] || { log "could not locate sdk/v3@$want in the module cache"; exit 1; }

mkdir -p "$work/out"
(cd "$work" && go build -trimpath -ldflags "$ldflags" -o out/pulumi github.com/pulumi/pulumi/pkg/v3/cmd/pulumi) >&2
(cd "$work" && go build -trimpath -ldflags "$ldflags" -o out/pulumi-language-python "$langhost_pkg") >&2
# Python helpers that the language host and the CLI run from beside the binaries:
# the program runner shim and the dynamic-provider plugin (pulumi.dynamic).
install -m 0755 "$sdk_dir/python/cmd/pulumi-language-python-exec" "$work/out/"
install -m 0755 "$sdk_dir/python/dist/pulumi-resource-pulumi-python" "$work/out/"

reports_version "$work/out/pulumi" || { log "built pulumi does not report $want"; exit 1; }
rm -rf "$bin_dir"
mkdir -p "$bin_dir"
mv "$work/out/"* "$bin_dir/"
log "installed pulumi $want into $bin_dir"
echo "$bin_dir"
