"""The Image Builder layer: everything that knows Image Builder, used by create, destroy and the CLI.

Each decision has one owner here: :mod:`statuses` (what each status means),
:mod:`options` (how long and how often to wait, the retry budget), :mod:`session` (the
retry policy of every call, client tokens), :mod:`calls` (credentials resolved again,
the not-found grace after CreateImage), :mod:`waiters` (how to wait, how a build is
cancelled), :mod:`seed` (which members the seed takes), :mod:`run` (building through a
workflow, stopping a build an error leaves), :mod:`pipelines` (running a pipeline, a
disabled one refused), :mod:`identity` (which stack, resource and inputs a build
belongs to), :mod:`reattach` (what becomes of a build a killed deployment left),
:mod:`steps` (when, and at what cost, the workflow step a build is on is read),
:mod:`progress` (the words of a waiting build) and :mod:`builds` (reading, retagging
and deleting a build).
"""

from .builds import BuildNotDeletedError, delete_build, read_build, retag_build
from .errors import (BuildCancelledError, BuildStepFailedError, DeadlineExceededError, ImageBuildError, StoppedError,
                     UnexpectedStateError)
from .options import WaitOptions
from .run import BuildOutcome, Transition, run_image_build
from .session import Session
from .waiters import CallFailed

__all__ = [
    "BuildCancelledError", "BuildNotDeletedError", "BuildOutcome", "BuildStepFailedError", "CallFailed",
    "DeadlineExceededError", "ImageBuildError", "Session", "StoppedError", "Transition", "UnexpectedStateError",
    "WaitOptions", "delete_build", "read_build", "retag_build", "run_image_build",
]
