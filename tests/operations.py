"""Every Image Builder operation the package calls (the provider, the Image Builder layer and the ``imagebuild``
command), found by reading its source: the IAM policy of the README and the constraints table of
docs/aws-constraints.md are both checked against this one scan."""

from __future__ import annotations

import ast
import pathlib
import re

PACKAGE = pathlib.Path(__file__).resolve().parents[1] / "imagebuild_resource"

CALLERS = {"call", "_call", "must", "once", "pages", "_pages"}
"""The functions every Image Builder call of the package goes through, with the operation name as a string."""


def called_operations() -> set[str]:
    """Every Image Builder operation the package calls: string arguments of its call helpers, and the
    operationIds of its Arazzo documents."""
    found = set()
    for source in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
            if name in CALLERS:
                found |= {arg.value for arg in node.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                          and re.fullmatch(r"(?:[A-Z][a-z]+)+", arg.value)}
    for document in PACKAGE.rglob("*.yml"):
        found |= set(re.findall(r"^\s*operationId:\s*(\w+)\s*$", document.read_text(), re.M))
    return found
