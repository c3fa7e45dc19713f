"""The Image Builder layer: everything that knows Image Builder, used by every resource and the CLI.

Each decision has one owner here: :mod:`images` (what each status means, reading a build),
:mod:`options` (how long and how often to wait, the retry budget), :mod:`caller` (the
retry policy of every call, fresh credentials, the not-found grace after CreateImage,
client tokens), :mod:`waiters` (how to wait, how a build is cancelled), :mod:`documents`
(which Arazzo document builds, and which members it takes), :mod:`request` (how a build
starts, a disabled pipeline refused), :mod:`run` (building through a document, stopping
a build an error leaves), :mod:`identity` (which stack, resource and inputs a build
belongs to), :mod:`reattach` (what becomes of a build a killed deployment left),
:mod:`steps` (when, and at what cost, the workflow step a build is on is read),
:mod:`progress` (the words of a waiting build) and :mod:`builds` (reading, retagging
and deleting a build).
"""

from .builds import BuildNotDeletedError, delete_build, read_build, retag_build
from .caller import Caller, CallFailed
from .errors import (BuildCancelledError, BuildStepFailedError, DeadlineExceededError, ImageBuildError, StoppedError,
                     UnexpectedStateError)
from .options import WaitOptions
from .request import BuildObserver, BuildRequest, CreateImageStart, PipelineNotRunnableError, PipelineStart, Quiet
from .run import BuildOutcome, run_build

__all__ = [
    "BuildCancelledError", "BuildNotDeletedError", "BuildObserver", "BuildOutcome", "BuildRequest",
    "BuildStepFailedError", "CallFailed", "Caller", "CreateImageStart", "DeadlineExceededError", "ImageBuildError",
    "PipelineNotRunnableError", "PipelineStart", "Quiet", "StoppedError", "UnexpectedStateError", "WaitOptions",
    "delete_build", "read_build", "retag_build", "run_build",
]
