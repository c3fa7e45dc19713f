"""What a release promises: ranges for users, a lock for CI, a changelog, and one upgrade fixture per release."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import distributions

from packaging.requirements import Requirement

from .documents import ROOT
from .support import matrix

PYPROJECTS = (ROOT / "pyproject.toml", ROOT / "imagebuilder-local" / "pyproject.toml")
SECTIONS = ("Added", "Changed", "Deprecated", "Removed", "Fixed", "Security")  # Keep a Changelog 1.1.0's kinds
SEEDED = {"pip", "setuptools", "wheel"}  # what `python -m venv` puts in, not what the project installs


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lock() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, pinned = line.partition("==")
            pins[normalized(name)] = pinned.strip()
    return pins


def test_every_dependency_and_extra_is_a_range_never_a_pin():
    for path in PYPROJECTS:
        project = tomllib.loads(path.read_text())["project"]
        lines = [*project["dependencies"], *(line for extra in project.get("optional-dependencies", {}).values()
                                           for line in extra)]
        for line in lines:
            specifiers = Requirement(line).specifier
            assert specifiers and not [s for s in specifiers if s.operator in ("==", "===")], f"{path.name}: {line}"


def test_pulumi_ranges_from_the_oldest_sdk_the_matrix_tests_up_to_4():
    (pulumi,) = [Requirement(line) for line in tomllib.loads(PYPROJECTS[0].read_text())["project"]["dependencies"]
                 if Requirement(line).name == "pulumi"]
    assert str(pulumi.specifier) == f"<4,>={matrix().oldest_sdk()}"
    assert matrix().NEWEST_SDK in pulumi.specifier and lock()["pulumi"] in pulumi.specifier


def test_the_lock_pins_everything_installed_here():
    """Every distribution of this virtualenv is pinned in requirements.lock, at that version.

    The support matrix overrides only pulumi's pin (scripts/matrix.py), so there pulumi may differ.
    """
    pins, ours = lock(), {"imagebuild-resource", "imagebuilder-local"}
    for dist in distributions():
        name = normalized(dist.metadata["Name"])
        if name in SEEDED | ours:
            continue
        assert name in pins, f"{name} {dist.version} is installed but not pinned in requirements.lock"
        assert name == "pulumi" or pins[name] == dist.version, f"{name}: {dist.version} installed, lock {pins[name]}"


def changelog_sections() -> list[tuple[str, str, str]]:
    """The changelog's releases: (version, date or 'Unreleased', body)."""
    text = (ROOT / "CHANGELOG.md").read_text()
    parts = re.split(r"^## ", text, flags=re.M)
    assert parts[0].startswith("# Changelog\n") and "Keep a Changelog" in parts[0]
    releases = []
    for part in parts[1:]:
        heading, _, body = part.partition("\n")
        found = re.fullmatch(r"\[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2}|Unreleased)", heading.strip())
        assert found, f"CHANGELOG.md: '## {heading}' is not '## [X.Y.Z] - YYYY-MM-DD' (or '- Unreleased')"
        releases.append((found.group(1), found.group(2) or "", body))
    return releases


def test_the_changelog_keeps_a_changelog_and_starts_at_this_version():
    releases = changelog_sections()
    versions = [version for version, _, _ in releases]
    declared = tomllib.loads(PYPROJECTS[0].read_text())["project"]["version"]
    assert versions[0] == declared and versions[-1] == "0.1.0", versions
    assert versions == sorted(versions, key=lambda v: tuple(map(int, v.split("."))), reverse=True)
    for version, _, body in releases:
        kinds = re.findall(r"^### (.+)$", body, flags=re.M)
        assert all(kind in SECTIONS for kind in kinds), (version, kinds)
    assert [date for _, date, _ in releases[1:] if date == "Unreleased"] == []  # only the newest may be unreleased


def test_every_released_version_has_its_upgrade_fixture():
    fixtures = ROOT / "tests" / "upgrade" / "fixtures"
    for version, date, _ in changelog_sections():
        if date != "Unreleased":
            assert (fixtures / version / "stack.json").is_file(), \
                f"{version} is released: make its fixture with scripts/release-fixture.py (CONTRIBUTING.md)"
