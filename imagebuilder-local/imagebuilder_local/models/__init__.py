"""The service's state, moto-style: one module per resource family, and the backend over them."""

from .backend import DEFAULT_BUILD_MINUTES, Backend

__all__ = ["Backend", "DEFAULT_BUILD_MINUTES"]
