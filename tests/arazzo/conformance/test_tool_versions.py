"""The conformance tests run the pinned versions their docstring notes name."""

from .harness import ARAZZO_RUNNER_VERSION, INSTALL, REDOCLY_VERSION, tool_versions


def test_the_installed_tools_are_the_pinned_versions():
    assert tool_versions() == {"@redocly/cli": REDOCLY_VERSION, "arazzo-runner": ARAZZO_RUNNER_VERSION}, (
        f"run {INSTALL} to install the pinned versions")
