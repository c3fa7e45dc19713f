"""The forms a nested input is written in, brought to one: the request's own camelCase keys.

A nested member (``image_tests_configuration``, ``workflows``, ...) comes as the snake_case
dict of an Args object or an ArgsDict, or as a dict with the API's camelCase keys, as boto3
takes it. check() stores the API's form, which release 0.1.0 stored, so that a switch from
one form to another is no change; and it words every problem with the path as the user
wrote it: a property written with a snake_case key reads in snake_case
(``image_tests_configuration.timeout_minutes``), any other as the API names it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from botocore.model import ListShape, Shape, StructureShape

from ..engine.values import is_unknown
from .shapes import Problem

_ROOT = "\0"
_IDENTIFIER = re.compile(r"[A-Za-z0-9]+")
_PARENT = re.compile(r"(\.[^.\[]+|\[\d+\])$")
_NAMES = re.compile(r"(expected one of |an object with keys )([A-Za-z0-9_]+(?:, [A-Za-z0-9_]+)*)")


def snake(name: str) -> str:
    """``imageTestsEnabled`` -> ``image_tests_enabled``."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


@dataclass
class Written:
    """Inputs in the API's form, the keys given in both forms, and how the user wrote each path."""

    inputs: dict[str, Any]
    problems: list[Problem] = field(default_factory=list)
    paths: dict[str, str] = field(default_factory=dict)
    """The API's path of each value written -> the path as written."""
    snake_objects: set[str] = field(default_factory=set)
    """The API's paths of the objects written in snake_case: their members not written read so too."""

    def as_written(self, problem: Problem) -> Problem:
        """``problem`` with its path, the member names it lists and the paths it mentions, as the user wrote them."""
        reason = problem.reason
        if _PARENT.sub("", problem.path) in self.snake_objects:  # the object holding the property lists its keys
            reason = _NAMES.sub(lambda m: m.group(1) + ", ".join(map(snake, m.group(2).split(", "))), reason)
        for path in sorted((p for p in self.paths if "." in p and p in reason), key=len, reverse=True):
            reason = re.sub(rf"(?<![\w.\[]){re.escape(path)}(?![\w\[])", self.paths[path], reason)
        prefix = max((path for path in self.paths if _within(problem.path, path)), key=len, default=None)
        if prefix is None:
            return Problem(problem.path, reason)
        rest = problem.path[len(prefix):]  # members not written (a required one missing)
        if rest and prefix in self.snake_objects:
            rest = _IDENTIFIER.sub(lambda m: snake(m.group(0)), rest)
        return Problem(self.paths[prefix] + rest, reason)


def canonical(news: Mapping[str, Any], request: StructureShape) -> Written:
    """``news`` with every nested member of ``request`` in the API's camelCase form."""
    written = Written(dict(news))
    for name, member in request.members.items():
        if name not in news or member.type_name not in ("structure", "list"):
            continue
        walk = Written({})
        written.inputs[name] = _canonical(news[name], member, name, _ROOT, "camel", walk)
        shown = snake(name) if walk.snake_objects else name
        written.paths[name] = shown
        written.paths.update({path: shown + rest[1:] for path, rest in walk.paths.items()})
        written.problems += [Problem(shown + p.path[1:], p.reason) for p in walk.problems]
        written.snake_objects |= walk.snake_objects
    return written


def _canonical(value: Any, shape: Shape, path: str, shown: str, form: str, walk: Written) -> Any:
    if is_unknown(value):
        return value
    if shape.type_name == "list" and isinstance(value, (list, tuple)):
        member = cast(ListShape, shape).member
        items = []
        for index, item in enumerate(value):
            walk.paths[f"{path}[{index}]"] = f"{shown}[{index}]"
            items.append(_canonical(item, member, f"{path}[{index}]", f"{shown}[{index}]", form, walk))
        return items
    if shape.type_name != "structure" or not isinstance(value, Mapping):
        return value  # a scalar, a map of the user's own keys, or a wrong type (the validator words it)
    members = cast(StructureShape, shape).members
    by_snake = {snake(name): name for name in members}
    found = {_form(key) for key in value}  # any order: the engine's order of keys is not the program's
    form = "snake" if "snake" in found else "camel" if "camel" in found else form
    if form == "snake":
        walk.snake_objects.add(path)
    result: dict[str, Any] = {}
    given_as: dict[str, str] = {}
    for key, item in value.items():
        name = str(key) if key in members else by_snake.get(key, str(key))
        if name in given_as:  # named in sorted order, as the keys' order is the engine's
            both = sorted((given_as[name], str(key)))
            walk.problems.append(Problem(f"{shown}.{both[0]}", f"is given twice, as {both[0]} and {both[1]}: "
                                                               "expected one of them"))
            continue
        given_as[name] = key
        walk.paths[f"{path}.{name}"] = f"{shown}.{key}"
        result[name] = _canonical(item, members[name], f"{path}.{name}", f"{shown}.{key}", form, walk) \
            if name in members else item
    return result


def _form(key: Any) -> str | None:
    """``snake`` for a key with an underscore, ``camel`` for one with a capital, None for one word."""
    if not isinstance(key, str):
        return None
    if "_" in key:
        return "snake"
    return "camel" if any(c.isupper() for c in key) else None


def _within(path: str, prefix: str) -> bool:
    return path == prefix or (path.startswith(prefix) and path[len(prefix)] in ".[")
