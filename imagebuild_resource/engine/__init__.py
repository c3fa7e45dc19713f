"""Every reach into the internals of Pulumi's SDK, gRPC and CPython, split by what it touches.

A dynamic provider runs inside ``pulumi.dynamic``'s own gRPC server (``python -m
pulumi.dynamic``), which offers no hook for what this package needs. Each module names the
internals it relies on; each is detected by feature, and where one is missing the SDK's
public behaviour stays, said once on the stack's row (:mod:`.fallbacks`).
``tests/provider/test_engine_guards.py`` has a guard test for each, naming the SDKs it holds on:

* :mod:`.values` - the SDK's value not known yet (``pulumi.output.Unknown``);
* :mod:`.process` - this process and its engine: whether it is a dynamic provider, the
  engine's address on its command line, the engine's process and whether it still runs;
* :mod:`.log` - the engine's Log RPC (a resource's row, the stack's row), and the URN of the
  resource whose RPC is served;
* :mod:`.server` - patches of the provider's gRPC server: the RPC thread pool, the
  Cancel hook and detailed diffs (gRPC's handler lookup), error text, the exit hook;
* :mod:`.runtime` - the engine's parallelism, from the program's runtime settings;
* :mod:`.fallbacks` - what each missing internal costs, and the one warning that says so.
"""
