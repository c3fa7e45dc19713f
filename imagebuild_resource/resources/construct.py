"""How a resource reads its constructor's arguments: both of pulumi-aws's forms, and the properties they make.

``Res(name, ResArgs(...), opts)`` and ``Res(name, opts, **kwargs)`` are the two forms
pulumi-aws's generated resources take (their ``_utilities.get_resource_args_opts``);
this is our own dispatch, with a TypeError naming what is wrong and what is expected.
"""

from __future__ import annotations

import difflib
import inspect
from collections.abc import Iterator, Mapping
from typing import Any, Optional, TypeVar

import pulumi

A = TypeVar("A")


def args_and_opts(resource: str, args_type: type[A], args: tuple[Any, ...],
                  kwargs: dict[str, Any]) -> tuple[A, Optional[pulumi.ResourceOptions]]:
    """The Args object and the options of a constructor call ``resource(name, *args, **kwargs)``."""
    expected = f"{resource}(name, {args_type.__name__}(...), opts=None) or {resource}(name, opts=None, **kwargs)"
    positional = list(args)
    kwargs = dict(kwargs)
    given = kwargs.pop("args", None)
    if positional and not isinstance(positional[0], (pulumi.ResourceOptions, type(None))):
        if given is not None:
            raise TypeError(f"{resource}() got args twice, as a positional and a keyword argument; expected {expected}")
        given = positional.pop(0)
    opts = kwargs.pop("opts", None)
    if positional:
        if opts is not None or len(positional) > 1:
            raise TypeError(f"{resource}() got too many positional arguments; expected {expected}")
        opts = positional.pop(0)
    if opts is not None and not isinstance(opts, pulumi.ResourceOptions):
        raise TypeError(f"{resource}() opts: expected a pulumi.ResourceOptions, got {type(opts).__name__}")
    if given is not None:
        if not isinstance(given, args_type):
            raise TypeError(f"{resource}() args: expected {args_type.__name__}, got {type(given).__name__}; "
                            f"or give the arguments as keywords: {expected}")
        if kwargs:
            raise TypeError(f"{resource}() got {args_type.__name__} and the keyword arguments {', '.join(kwargs)}; "
                            "expected one or the other")
        return given, opts
    names, required = _parameters(args_type)
    for name in kwargs:
        if name not in names:
            close = difflib.get_close_matches(name, names, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise TypeError(f"{resource}() got an unexpected keyword argument {name!r}{hint}; expected one of "
                            f"{', '.join(names)}")
    missing = [name for name in required if name not in kwargs]
    if missing:
        raise TypeError(f"{resource}() is missing the required argument {', '.join(missing)}; expected {expected}")
    return args_type(**kwargs), opts


def _parameters(args_type: type) -> tuple[list[str], list[str]]:
    """The keyword names of an Args class's constructor, and those of them without a default."""
    parameters = [p for p in inspect.signature(args_type).parameters.values() if p.kind is p.KEYWORD_ONLY]
    return [p.name for p in parameters], [p.name for p in parameters if p.default is p.empty]


def input_props(args: object, nested: tuple[type, ...] = ()) -> dict[str, Any]:
    """An Args object's arguments that are set, as the provider's camelCase properties.

    Nested Args objects (instances of ``nested``) become the snake_case dicts they were
    written as, so that the provider's check() names their properties as the user did;
    it stores every nested value in the API's camelCase form.
    """
    return {_camel(name): _written(value, nested) for name, value in _arguments(args)}


def _arguments(args: object) -> Iterator[tuple[str, Any]]:
    for name, member in vars(type(args)).items():
        if isinstance(member, property) and (value := getattr(args, name)) is not None:
            yield name, value


def _written(value: Any, nested: tuple[type, ...]) -> Any:
    if isinstance(value, nested):
        return {name: _written(item, nested) for name, item in _arguments(value)}
    if isinstance(value, Mapping):
        return {key: _written(item, nested) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_written(item, nested) for item in value]
    return value


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)
