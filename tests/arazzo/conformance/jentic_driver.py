"""Run one workflow with the jentic ``arazzo-runner`` library and print its result as JSON.

Runs under the isolated virtual environment that ``scripts/ensure-arazzo-tools.sh`` makes
(never the project's): ``python jentic_driver.py ARAZZO_FILE WORKFLOW_ID INPUTS_JSON``.
The last line of standard output is ``{"status", "outputs", "step_outputs", "error"}``.
"""

import json
import logging
import sys

from arazzo_runner import ArazzoRunner


def main() -> None:
    path, workflow_id, inputs = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    runner = ArazzoRunner.from_arazzo_path(path)
    result = runner.execute_workflow(workflow_id, inputs)
    print(json.dumps({
        "status": str(result.status),
        "outputs": result.outputs,
        "step_outputs": result.step_outputs,
        "error": result.error,
    }, default=repr))


if __name__ == "__main__":
    main()
