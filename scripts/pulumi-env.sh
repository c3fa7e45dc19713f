# shellcheck shell=bash
# Source this file (`. scripts/pulumi-env.sh`) to run Pulumi fully offline against
# a local file backend, with the CLI built by scripts/ensure-pulumi.sh.
# It only exports variables (and creates .pulumi-state/); it never builds anything.

_pe_root="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)"
_pe_version="$("$_pe_root/scripts/pulumi-version.sh")"

# State lives in the repo (git-ignored): no Pulumi Cloud login.
mkdir -p "$_pe_root/.pulumi-state"
export PULUMI_BACKEND_URL="file://$_pe_root/.pulumi-state"
# Local-only passphrase for the file backend's secrets provider (keep an existing one).
export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE-imagebuild-local-only}"
# Keep the CLI's home (plugins, credentials, workspace settings) inside the repo so that
# nothing from ~/.pulumi is picked up and plugins are only ever taken from PATH.
export PULUMI_HOME="$_pe_root/.tools/pulumi-home"
mkdir -p "$PULUMI_HOME"
# No network: no update check, no plugin downloads.
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
# Python runs from the project's virtualenv; the CLI, the language host and the
# dynamic-provider plugin (pulumi-resource-pulumi-python) come from .tools/.
export PATH="$_pe_root/.tools/pulumi-v$_pe_version/bin:$_pe_root/.venv/bin:$PATH"
unset _pe_root _pe_version
