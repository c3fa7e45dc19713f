"""What every resource's table of inputs shares: roles, the options, common checks, and how changes are compared.

A resource's own table (:mod:`.image_build`, :mod:`.pipeline_build`) says which inputs it
has and what changing each does; ``check()`` and ``diff()`` both read that table, and
nothing else decides replacement.
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import shapes
from ..engine.values import contains_unknown, is_unknown
from ..imagebuilder import identity
from ..servicemodel import partition_of

class Role(enum.Enum):
    """What changing an input does to an existing build."""

    REPLACE = "replace"  # a new image build version is needed (create before delete)
    UPDATE = "update"  # changed in place: tags with TagResource/UntagResource, others only recorded
    NONE = "none"  # only changes how create() waits; never a diff


@dataclass(frozen=True)
class Option:
    """An input of ours, never a member of the request that starts the build: how the provider waits or deletes,
    and where its calls go.

    ``sent_as`` names the request member (operation, member) an option is sent as; its value is
    then checked against that member's shape in botocore's model. ``pattern`` is the form of a
    string option.
    """

    name: str
    default: Any
    expected: str
    role: Role = Role.NONE
    sent_as: tuple[str, str] | None = None
    pattern: re.Pattern[str] | None = None

    def problem(self, value: Any) -> str | None:
        """Why ``value`` is not acceptable, or None."""
        if self.sent_as is not None:
            found = shapes.validate_member(value, *self.sent_as, self.name)
            return found[0].reason if found else None
        if self.pattern is not None:
            ok = isinstance(value, str) and self.pattern.match(value) is not None
        elif isinstance(self.default, bool):
            ok = isinstance(value, bool)
        else:
            ok = isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0
        return None if ok else f"expected {self.expected}, got {value!r}"


DELETE_OUTPUTS = "deleteOutputResources"
RESUME_FAILED_BUILDS = "resumeFailedBuilds"
"""Whether create() resumes a build this resource left FAILED or CANCELLED (:mod:`..imagebuilder.resume`)."""
DELETION_ROLE = "deletionExecutionRole"
REGION = "region"
"""The build's region; the stack's ``aws:region`` when unset. Changing it is a new build."""
PROFILE = "profile"
"""The AWS profile every call of the build signs with; the stack's ``aws:profile`` when unset. Changed in place."""
REGION_FORM = re.compile(r"^[a-z]{2}(-[a-z]+)+-[0-9]+$")
"""The form of a region name (``us-east-1``, ``eu-west-1``, ``us-gov-west-1``): our check of its form, not a list."""

OPTIONS: tuple[Option, ...] = (
    Option("buildTimeoutMinutes", 240, "a number of minutes greater than 0"),
    Option("pollMinSeconds", 5, "a number of seconds greater than 0"),
    Option("pollMaxSeconds", 60, "a number of seconds greater than 0"),
    Option("cancelOnTimeout", True, "true or false"),
    Option(RESUME_FAILED_BUILDS, True, "true or false"),
    # Recorded in place, so that a later destroy reads the current choice.
    Option(DELETE_OUTPUTS, False, "true or false", Role.UPDATE),
    Option(DELETION_ROLE, None, "an IAM role name or role ARN", Role.UPDATE,
           sent_as=("StartResourceStateUpdate", "executionRole")),
    # Where the calls go: another region is another build; another profile signs the same build's calls.
    Option(REGION, None, "a region name such as us-east-1 or eu-west-1", Role.REPLACE, pattern=REGION_FORM),
    Option(PROFILE, None, "the name of a profile in the AWS config files", Role.UPDATE,
           pattern=re.compile(r"^\S(?:.*\S)?$")),
)


def deletion_role_problem(props: Mapping[str, Any]) -> shapes.Problem | None:
    """Why the outputs cannot be deleted as asked: ``deleteOutputResources`` without ``deletionExecutionRole``.

    The role is sent as StartResourceStateUpdate's ``executionRole``, of which botocore's model says:
    "You must provide this property together with includeResources. Neither is valid without the
    other." (the request that deletes the outputs needs ``includeResources``).
    """
    if props.get(DELETE_OUTPUTS) is not True or props.get(DELETION_ROLE) is not None:
        return None
    return shapes.Problem(DELETION_ROLE, f"is required when {DELETE_OUTPUTS} is true: expected an IAM role name or role "
                                         "ARN (arn:aws:iam::ACCOUNT:role/NAME) that Image Builder deletes the AMIs, "
                                         "snapshots and containers with")

TAGS = "tags"
_ARN = re.compile(r"^arn:(aws[^:]*):[^:]+:([^:]*):")


def option_problems(news: Mapping[str, Any]) -> list[shapes.Problem]:
    """Problems with the options (how to wait, what destroy deletes), shared by every resource."""
    problems = []
    for option in OPTIONS:
        value = news.get(option.name)
        reason = None if value is None or contains_unknown(value) else option.problem(value)
        if reason:
            problems.append(shapes.Problem(option.name, reason))
    low, high = news.get("pollMinSeconds"), news.get("pollMaxSeconds")
    if isinstance(low, (int, float)) and isinstance(high, (int, float)) and low > high:
        problems.append(shapes.Problem("pollMaxSeconds", f"expected at least pollMinSeconds ({low}), got {high}"))
    missing_role = deletion_role_problem(news)
    if missing_role is not None:
        problems.append(missing_role)
    return problems


def tag_problems(tags: Any) -> list[shapes.Problem]:
    """Room for the identity tags, and no user key in their ``imagebuild:`` namespace."""
    if not isinstance(tags, Mapping) or is_unknown(tags):
        return []
    problems = [shapes.Problem(property_path(TAGS, key), f"the {identity.PREFIX!r} prefix is reserved for the tags "
                                                         f"ImageBuild adds ({', '.join(identity.IDENTITY_TAGS)}); "
                                                         "expected a key without it")
                for key in tags if isinstance(key, str) and identity.is_identity_tag(key)]
    if len(tags) > identity.USER_TAG_LIMIT:
        problems.append(shapes.Problem(TAGS, f"expected at most {identity.USER_TAG_LIMIT} tags, got {len(tags)}: "
                                             f"Image Builder allows {identity.MAX_TAGS} per image and ImageBuild "
                                             f"adds {len(identity.IDENTITY_TAGS)} of its own "
                                             f"({', '.join(identity.IDENTITY_TAGS)})"))
    return problems


def option_role(name: str) -> Role | None:
    """The role of an option, or None for names that are not options."""
    return next((option.role for option in OPTIONS if option.name == name), None)


def region_problems(news: Mapping[str, Any], region: str, names: tuple[str, ...]) -> list[shapes.Problem]:
    """ARNs must be in the build's partition and region: Image Builder does not build across them."""
    problems = []
    partition = partition_of(region)
    for name in names:
        value = news.get(name)
        match = _ARN.match(value) if isinstance(value, str) else None
        if match is None:
            continue
        if partition and match.group(1) != partition:
            problems.append(shapes.Problem(
                name, f"expected an ARN in the build's partition {partition} (region {region}), "
                      f"got one in {match.group(1)}: {value}"))
        elif match.group(2) != region:
            problems.append(shapes.Problem(
                name, f"expected an ARN in the build's region {region}, got one in {match.group(2)}: {value}"))
    return problems


def unique_by_path(problems: list[shapes.Problem]) -> list[shapes.Problem]:
    """The first problem of each path."""
    seen: dict[str, shapes.Problem] = {}
    for problem in problems:
        seen.setdefault(problem.path, problem)
    return list(seen.values())


def with_defaults(news: Mapping[str, Any]) -> dict[str, Any]:
    """The inputs with every waiting option filled in (numbers from Pulumi arrive as floats)."""
    filled = dict(news)
    for option in OPTIONS:
        if filled.get(option.name) is None:
            filled[option.name] = option.default
    return filled


@dataclass(frozen=True)
class PathChange:
    """How one property path changes: ``kind`` is add, delete or update; ``replace`` if it forces a new build."""

    kind: str
    replace: bool = False
    input_diff: bool = True
    """Compared with the old inputs (True) or the old outputs (False)."""


@dataclass(frozen=True)
class Changes:
    """What a change of inputs does: top-level names that force a new build or change in place, and each path."""

    replaces: list[str] = field(default_factory=list)
    updates: list[str] = field(default_factory=list)
    paths: dict[str, PathChange] = field(default_factory=dict)


def changes(olds: Mapping[str, Any], news: Mapping[str, Any], names: tuple[str, ...],
            role_of: Callable[[str], Role | None], by_key: tuple[str, ...] = (TAGS,)) -> Changes:
    """Compare old and new inputs (a value not known yet counts as changed); options never change anything.

    ``names`` and ``role_of`` are the resource's table; a change of a map in ``by_key`` is
    shown key by key.
    """
    found = Changes()
    defaults = {option.name: option.default for option in OPTIONS}
    for name in dict.fromkeys((*names, *defaults)):  # a resource's table may list an option (region) itself
        kind = role_of(name)
        old, new = (normalized(name, defaults.get(name) if side.get(name) is None else side[name])
                    for side in (olds, news))
        if kind is Role.NONE or kind is None or old == new:
            continue
        (found.replaces if kind is Role.REPLACE else found.updates).append(name)
        if name in by_key and isinstance(old, dict) and isinstance(new, dict) and old and new:
            found.paths.update(_map_changes(name, old, new, kind is Role.REPLACE))
        else:
            found.paths[name] = PathChange(_kind(olds.get(name), news.get(name)), kind is Role.REPLACE)
    return found


def _kind(old: Any, new: Any) -> str:
    absent: tuple[Any, ...] = (None, {}, [])
    if old in absent and new not in absent:
        return "add"
    if new in absent and old not in absent:
        return "delete"
    return "update"


def _map_changes(name: str, old: Mapping[str, Any], new: Mapping[str, Any],
                 replace: bool) -> dict[str, PathChange]:
    return {property_path(name, key): PathChange(_kind(old.get(key), new.get(key)), replace)
            for key in sorted(set(old) | set(new)) if old.get(key) != new.get(key)}


_SIMPLE_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def property_path(*keys: str) -> str:
    """The engine's property path syntax: ``tags.team``, or ``tags["cost center"]`` for other keys."""
    path = keys[0]
    for key in keys[1:]:
        path += f".{key}" if _SIMPLE_KEY.match(key) else "[" + json.dumps(key) + "]"
    return path


def normalized(name: str, value: Any) -> Any:
    """``value`` as compared and sent: no empty tags, whole floats as integers, no null members."""
    if name == TAGS and not value:
        return {}
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: normalized(k, v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [normalized(name, v) for v in value]
    return value
