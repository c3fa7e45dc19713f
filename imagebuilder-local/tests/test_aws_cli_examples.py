"""A second witness: the AWS CLI's published examples for ``imagebuilder``, run against the service.

The AWS CLI v1 (scripts/ensure-aws-cli.sh) ships its help examples as
``awscli/examples/imagebuilder/*.rst``; they are read from the installed package, never copied
here. Each example's command runs as written (plus ``--endpoint-url``, the test credentials and
``--output json``) against a service in the examples' own region and account (us-west-2,
123456789012) whose catalog, pipelines and builds hold what the examples name, taken from the
examples' own documented outputs. Its documented output is then held to what the service
answered: every key the example shows is there, with a value of the same JSON type, recursively
(list items matched by ``arn`` where both have one). Keys the service answers beyond the example's
are members of the model the 2020 examples predate; they are checked against the output shape by
the service's own response validation, not here.

What each example comes to is recorded in docs/aws-constraints.md (the section "The AWS CLI's
examples"), one row per example file, and this test holds the examples to those rows.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from imagebuilder_local import TEST_ACCESS_KEY, TEST_SECRET_KEY, ImageBuilderService
from imagebuilder_local.routes import OPERATIONS

from .test_aws_cli import aws_bin  # noqa: F401 - the fixture

ROOT = Path(__file__).resolve().parents[2]
TABLE = ROOT / "docs" / "aws-constraints.md"
REGION, ACCOUNT = "us-west-2", "123456789012"
SECTION = "## The AWS CLI's examples"
OUTCOMES = ("matches", "differs", "not modeled", "broken example")


@dataclass
class Example:
    """One example file: its command (arguments after ``aws imagebuilder``), the files it reads, its output."""

    name: str
    command: list[str]
    files: dict[str, str] = field(default_factory=dict)
    output: str | None = None

    @property
    def operation(self) -> str:
        return "".join(part.title() for part in self.command[0].split("-"))


def examples_dir(aws: str) -> Path:
    """``awscli/examples/imagebuilder`` of the venv the ``aws`` executable belongs to."""
    (found,) = Path(aws).resolve().parents[1].glob("lib/python*/site-packages/awscli/examples/imagebuilder")
    return found


def parse(path: Path) -> Example:
    """The command, the ``Contents of X`` files and the ``Output`` block of an example's reStructuredText."""
    blocks, current, label = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines():
        if current is not None and (line.startswith("    ") or not line.strip()):
            current.append(line[4:])
            continue
        if current is not None:
            blocks.append((label, "\n".join(current).strip()))
            current = None
        if line.rstrip().endswith("::"):
            label, current = line.rstrip()[:-2].strip(), []
    if current is not None:
        blocks.append((label, "\n".join(current).strip()))
    example = Example(path.stem, [])
    for label, text in blocks:
        if text.startswith("aws imagebuilder"):
            example.command = _words(text)[2:]
        elif label.startswith("Contents of"):
            example.files[re.search(r"``([^`]+)``", label)[1]] = text
        elif label == "Output":
            example.output = text
    assert example.command, f"{path.name}: no command"
    return example


def _words(command: str) -> list[str]:
    return shlex.split(command.replace("\\\n", " "))


def documented_outcomes() -> dict[str, tuple[str, set[str]]]:
    """The rows of docs/aws-constraints.md's examples section: file -> (outcome, the keys named as differing)."""
    text = TABLE.read_text(encoding="utf-8").split(SECTION, 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("| `") and len(cells) >= 3:
            rows[cells[0].strip("`")] = (cells[1], set(re.findall(r"`([^`]+)`", cells[2])))
    return rows


# ----- the world the examples name --------------------------------------------------------

def _documented(name: str, key: str, directory: Path) -> dict[str, Any]:
    """A resource as an example's documented output shows it, without what the service fills in itself."""
    body = json.loads(parse(directory / f"{name}.rst").output or "{}")
    for step in key.split("."):
        body = body[step]
    return {k: v for k, v in body.items() if k not in ("arn", "dateCreated", "dateUpdated", "owner", "tags")}


def world(service: ImageBuilderService, directory: Path, example: str) -> None:
    """The recipes, configurations, pipelines and builds the examples name, from their own documented outputs
    (without the pipeline that the create-image-pipeline ``example`` creates itself)."""
    recipe = _documented("get-image", "image.imageRecipe", directory)
    infrastructure = _documented("get-infrastructure-configuration", "infrastructureConfiguration", directory)
    distribution = _documented("get-distribution-configuration", "distributionConfiguration", directory)
    service.admin.add_catalog({
        "imageRecipes": [{**recipe, "osVersion": "Microsoft Windows Server 2016"},
                         {"name": "my-example-image", "version": "2019.12.02", "platform": "Windows",
                          "parentImage": recipe["parentImage"], "components": recipe["components"]}],
        "infrastructureConfigurations": [infrastructure],
        "distributionConfigurations": [{**distribution, "timeoutMinutes": 360}],
    })
    client = service.client()
    pipeline = json.loads(parse(directory / "create-image-pipeline.rst").files["create-image-pipeline.json"])
    if example != "create-image-pipeline":
        client.create_image_pipeline(**pipeline, tags={"KeyName": "KeyValue"})
    client.create_image_pipeline(**{**pipeline, "name": "my-example-pipeline"})
    base = {"imageRecipeArn": pipeline["imageRecipeArn"],
            "infrastructureConfigurationArn": pipeline["infrastructureConfigurationArn"]}
    # Builds 1 to 7 as get-image and list-image-build-versions show them: 1 BUILDING, 2, 6 and 7 FAILED, the others
    # AVAILABLE (one modeled minute long); then the build delete-image deletes.
    fail = {"outcome": "fail", "stage": "BUILDING", "reason": "An internal error has occurred.", "buildMinutes": 1}
    succeed = {"outcome": "succeed", "buildMinutes": 1}
    for scenario in ({"outcome": "hang", "stage": "BUILDING"}, fail, succeed, succeed, succeed, fail, fail, succeed):
        service.admin.set_scenario(scenario)
    for _ in range(7):
        client.create_image(**base)
    client.create_image(imageRecipeArn=base["imageRecipeArn"].replace("mybasicrecipe/2019.12.03",
                                                                      "my-example-image/2019.12.02"),
                        infrastructureConfigurationArn=base["infrastructureConfigurationArn"])
    service.admin.set_time_scale(0.0001)
    while any(b["status"] not in ("AVAILABLE", "FAILED") for b in service.admin.builds() if not b["arn"].endswith("/1")):
        time.sleep(0.01)


# ----- running and comparing --------------------------------------------------------------

def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return {str: "string", list: "list", dict: "object", type(None): "null"}[type(value)]


def differences(documented: Any, answered: Any, path: str = "") -> Iterator[str]:
    """Where ``answered`` lacks a key ``documented`` has, or holds another JSON type: the paths (``image.state``)."""
    if _kind(documented) != _kind(answered):
        yield path or "(the output)"
        return
    if isinstance(documented, dict):
        for key, value in documented.items():
            where = f"{path}.{key}" if path else key
            if key not in answered:
                yield where
            else:
                yield from differences(value, answered[key], where)
    elif isinstance(documented, list) and answered:
        by_arn = {item["arn"]: item for item in answered if isinstance(item, dict) and "arn" in item}
        for index, item in enumerate(documented):
            match = by_arn.get(item["arn"]) if isinstance(item, dict) and "arn" in item else None
            yield from differences(item, match or answered[min(index, len(answered) - 1)], f"{path}[]")


def run(aws: str, example: Example, service: ImageBuilderService, workdir: Path) -> tuple[str, set[str], str]:
    """What the example comes to: (outcome, differing keys, what the CLI said)."""
    for name, text in example.files.items():
        (workdir / name).write_text(text, encoding="utf-8")
    for word in example.command:
        if word.startswith("file:") and not word.startswith("file://"):
            return "broken example", {word}, f"{word} is not a file:// URL"
        if word.startswith("file://") and not (workdir / word[7:]).exists():
            return "broken example", {word[7:]}, f"the command reads {word[7:]}, the example gives {list(example.files)}"
    for name, text in example.files.items():
        try:
            json.loads(text)
        except ValueError as error:
            return "broken example", {name}, f"{name} is not JSON: {error}"
    env = {"PATH": os.environ["PATH"], "HOME": str(workdir), "AWS_ACCESS_KEY_ID": TEST_ACCESS_KEY,
           "AWS_SECRET_ACCESS_KEY": TEST_SECRET_KEY, "AWS_MAX_ATTEMPTS": "1",
           "AWS_CONFIG_FILE": str(workdir / "config"), "AWS_SHARED_CREDENTIALS_FILE": str(workdir / "credentials")}
    done = subprocess.run([aws, "imagebuilder", *example.command, "--endpoint-url", service.endpoint_url,
                           "--region", REGION, "--output", "json"], cwd=workdir, env=env, capture_output=True,
                          text=True, timeout=120)
    said = (done.stdout + done.stderr).strip()
    if example.operation not in OPERATIONS:
        assert done.returncode != 0 and "UnknownOperationException" in done.stderr, said
        return "not modeled", set(), said
    assert done.returncode == 0, said
    if example.output is None:
        assert not done.stdout.strip(), said  # "This command produces no output."
        return "matches", set(), said
    found = set(differences(json.loads(example.output), json.loads(done.stdout)))
    return ("differs" if found else "matches"), found, said


@pytest.fixture(scope="module")
def directory(aws_bin) -> Path:  # noqa: F811 - the fixture imported above
    return examples_dir(aws_bin)


def test_every_example_has_a_row_and_no_row_names_another(directory):
    assert set(documented_outcomes()) == {path.name for path in directory.glob("*.rst")}
    assert {outcome for outcome, _ in documented_outcomes().values()} <= set(OUTCOMES)


@pytest.mark.parametrize("name", sorted(documented_outcomes()))
def test_each_example_comes_to_what_the_table_says(aws_bin, directory, tmp_path, name):  # noqa: F811
    example = parse(directory / name)
    with ImageBuilderService(region=REGION, account=ACCOUNT, time_scale=0.0004, check_signing_region=True) as service:
        world(service, directory, example.name)
        outcome, keys, said = run(aws_bin, example, service, tmp_path)
        violations = service.api.violations()
    assert not violations, violations
    assert (outcome, keys) == documented_outcomes()[name], said
