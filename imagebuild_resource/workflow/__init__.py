"""Arazzo workflow runtime: runs the seed Image Builder workflow with boto3.

Public facade: ``run_image_build`` with ``WaitOptions``; results in ``BuildOutcome``;
errors derive from ``WorkflowError``. The generic pieces (document, expressions,
criteria, runner, pacing, binding) know nothing of Image Builder; ``imagebuilder``
holds that policy.
"""

from .errors import (BuildCancelledError, CriterionError, DeadlineExceededError, DocumentError, ExpressionError,
                     InputError, StepFailedError, TransientCallError, UnexpectedStateError, WorkflowError)
from .imagebuilder import BuildOutcome, WaitOptions, run_image_build

__all__ = [
    "BuildCancelledError", "BuildOutcome", "CriterionError", "DeadlineExceededError", "DocumentError",
    "ExpressionError", "InputError", "StepFailedError", "TransientCallError", "UnexpectedStateError",
    "WaitOptions", "WorkflowError", "run_image_build",
]
