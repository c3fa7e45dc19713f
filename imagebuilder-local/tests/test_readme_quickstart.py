"""The README's first local-service example (start it, call it with boto3 and the AWS CLI), run as written."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _example() -> str:
    text = (ROOT / "README.md").read_text()
    section = text[text.index("## The local Image Builder service"):]
    match = re.search(r"```sh\n(.*?)```", section, re.S)
    assert match, "the local service section has no sh example"
    return match.group(1)


def test_the_quickstart_runs_as_written():
    aws_cli = next((ROOT / ".tools").glob("awscli-*/bin"))  # scripts/ensure-aws-cli.sh installs it there
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env["PATH"] = f"{aws_cli}{os.pathsep}{env['PATH']}"
    result = subprocess.run(["bash", "-e", "-c", "set -m\n" + _example()], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "http://127.0.0.1:4599"
    arn, status = lines[1].split()
    assert arn.endswith(":image/demo-al2023/1.0.0/1") and status == "PENDING"
    listed = json.loads("\n".join(lines[2:]))
    assert [s["arn"] for s in listed["imageSummaryList"]] == [arn]
