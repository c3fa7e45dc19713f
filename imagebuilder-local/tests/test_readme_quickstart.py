"""The README's first examples, run as written: the service from a shell (boto3 and the AWS CLI), then from Python."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from .readme import runnable, run

ROOT = Path(__file__).resolve().parents[2]


def test_the_quickstart_runs_as_written(tmp_path):
    done = subprocess.run(["bash", str(ROOT / "scripts" / "ensure-aws-cli.sh")], check=True, timeout=600,
                          capture_output=True, text=True)  # prints the directory of `aws` last
    (example,) = runnable("Start it")
    result = run(*example, cwd=tmp_path, path=[done.stdout.strip().splitlines()[-1]])
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "http://127.0.0.1:4599"
    arn, status = lines[1].split()
    assert arn.endswith(":image/demo-al2023/1.0.0/1") and status == "PENDING"
    listed = json.loads("\n".join(lines[2:]))
    assert [s["arn"] for s in listed["imageSummaryList"]] == [arn]


def test_the_python_example_runs_as_written(tmp_path):
    (example,) = runnable("From Python")
    result = run(*example, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["FAILED smoke test failed", "RunTestSuite"]
