"""Long waits neither starve the provider's RPC pool nor outlive an interrupted deployment."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from imagebuilder_local import DEMO_HANGS_RECIPE_ARN
from imagebuilder_local import TEST_ACCESS_KEY, TEST_SECRET_KEY
from imagebuild_resource.engine.server import current_executor, widened_pool

from ..e2e.harness import with_default_signals


def test_a_waiting_call_adds_a_worker_so_four_waits_leave_room_for_other_rpcs():
    pool = ThreadPoolExecutor(max_workers=4)  # as pulumi.dynamic's server has
    release = threading.Event()

    def long_wait() -> None:
        with widened_pool():
            release.wait(10)

    for _ in range(10):  # bursts of quick RPCs first (Check, Diff...), as in a real stack
        for quick_rpc in [pool.submit(time.sleep, 0.005) for _ in range(8)]:
            quick_rpc.result()
    waits = [pool.submit(long_wait) for _ in range(4)]
    time.sleep(0.2)
    quick = pool.submit(lambda: "served")
    assert quick.result(timeout=2) == "served"  # the fifth RPC is not stuck behind four waits
    release.set()
    for wait in waits:
        wait.result(timeout=5)
    assert pool._max_workers == 4
    pool.shutdown()


def test_outside_a_pool_nothing_is_widened():
    assert current_executor() is None
    with widened_pool():
        pass


PROVIDER_PROCESS = """
import sys, threading
from concurrent.futures import ThreadPoolExecutor
from imagebuild_resource.inputs.table import with_defaults
from imagebuild_resource.providers import ImageBuildProvider, Settings

# Shaped like pulumi.dynamic's main(): RPCs on a 4-worker pool, the main thread waiting for SIGINT.
provider = ImageBuildProvider(Settings(region="us-east-1", endpoint_url=sys.argv[1]))
pool = ThreadPoolExecutor(max_workers=4)
pool.submit(provider.create, with_defaults({
    "imageRecipeArn": sys.argv[2], "pollMinSeconds": 0.1, "pollMaxSeconds": 0.5,
    "infrastructureConfigurationArn": sys.argv[2].replace("image-recipe/demo-hangs/1.0.0", "infrastructure-configuration/demo-infra"),
}))
print("waiting", flush=True)
threading.Event().wait()
"""


def test_sigint_to_the_provider_process_cancels_the_waiting_build(imagebuilder_service, imagebuilder_admin):
    env = {"AWS_ACCESS_KEY_ID": TEST_ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": TEST_SECRET_KEY, "PATH": "/usr/bin:/bin"}
    process = subprocess.Popen([sys.executable, "-c", textwrap.dedent(PROVIDER_PROCESS),
                                imagebuilder_service.endpoint_url, DEMO_HANGS_RECIPE_ARN],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                               preexec_fn=with_default_signals)
    assert process.stdout.readline().strip() == "waiting"
    deadline = time.monotonic() + 20
    while not imagebuilder_admin.builds() and time.monotonic() < deadline:
        time.sleep(0.1)
    process.send_signal(signal.SIGINT)
    process.wait(timeout=30)
    (build,) = imagebuilder_admin.builds()
    assert build["status"] == "CANCELLED", process.stderr.read()


def test_a_child_started_for_an_interrupting_test_hears_sigint_even_when_the_suite_ignores_it():
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # as for a suite started with `cmd &`
    try:
        probe = "import signal; print(signal.getsignal(signal.SIGINT) is signal.default_int_handler)"
        ignored = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
        heard = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60,
                               preexec_fn=with_default_signals)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert ignored.stdout.strip() == "False"  # without it, the child inherits the ignored SIGINT
    assert heard.stdout.strip() == "True"
