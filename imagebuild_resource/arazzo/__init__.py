"""A generic Arazzo 1.0.x workflow runtime: document, expressions, criteria, runner, pacing, binding.

It knows nothing of Image Builder: the :mod:`imagebuild_resource.imagebuilder` layer
configures it (which step polls, which statuses end the wait) through ``RunHooks``.
Errors derive from ``WorkflowError``; waits stop through :mod:`timing`.
"""

from .errors import (CriterionError, DocumentError, ExpressionError, InputError, StepFailedError, TransientCallError,
                     WorkflowError)
from .timing import CancelRequested, DeadlineReached, Interrupted

__all__ = [
    "CancelRequested", "CriterionError", "DeadlineReached", "DocumentError", "ExpressionError", "InputError",
    "Interrupted", "StepFailedError", "TransientCallError", "WorkflowError",
]
