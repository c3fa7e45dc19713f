"""The support matrix as scripts/matrix.py states it (its rows, the ends of the Pulumi SDK range), for tests."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

from .documents import ROOT


def matrix() -> ModuleType:
    """scripts/matrix.py, imported (it is a script, not a package module)."""
    if "imagebuild_matrix" not in sys.modules:
        spec = importlib.util.spec_from_file_location("imagebuild_matrix", ROOT / "scripts" / "matrix.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
    return sys.modules["imagebuild_matrix"]
