"""The YAML reader for workflow documents: the subset it reads, what it refuses, and PyYAML as a witness."""

from __future__ import annotations

import json
import math
from importlib import resources

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from imagebuilder_local.yaml_subset import YamlSubsetError, load

WORKFLOW = """\
# a comment
name: hardened-build   # after a value
schemaVersion: 1.0
parameters:
- name: waitForAction
  type: boolean
steps:
  - name: Launch
    action: LaunchInstance
    onFailure: Abort
    inputs:
      waitFor: "ssmAgent"
      instanceId.$: $.stepOutputs.Launch.instanceId
  - {name: Harden, action: ExecuteComponents, timeoutSeconds: 900}
  - name: Run
    action: RunCommand
    inputs:
      commands: [
        "echo 'a # b'",
        uname]
      script: |
        set -e
          indented

        echo done
      note: >-
        folded
        text
"""


def test_a_workflow_document_reads_as_yaml_reads_it():
    assert load(WORKFLOW) == {
        "name": "hardened-build", "schemaVersion": 1.0,
        "parameters": [{"name": "waitForAction", "type": "boolean"}],
        "steps": [
            {"name": "Launch", "action": "LaunchInstance", "onFailure": "Abort",
             "inputs": {"waitFor": "ssmAgent", "instanceId.$": "$.stepOutputs.Launch.instanceId"}},
            {"name": "Harden", "action": "ExecuteComponents", "timeoutSeconds": 900},
            {"name": "Run", "action": "RunCommand",
             "inputs": {"commands": ["echo 'a # b'", "uname"], "script": "set -e\n  indented\n\necho done\n",
                        "note": "folded text"}},
        ]}
    assert load(WORKFLOW) == yaml.safe_load(WORKFLOW)


@pytest.mark.parametrize("text, value", [
    ("a: ~\nb: null\nc:\n", {"a": None, "b": None, "c": None}),
    ("[yes, No, on, OFF, true, FALSE]", [True, False, True, False, True, False]),
    ("[0x1F, 0b101, 010, -7, 1_000, +3]", [31, 5, 8, -7, 1000, 3]),
    ("[1.5, -.inf, 1.0e+3, .5, 1e5]", [1.5, -math.inf, 1000.0, 0.5, "1e5"]),
    ("'it''s': \"tab\\there \\u00e9\"", {"it's": "tab\there \u00e9"}),
    ("---\n- - a\n  - b\n-\n  c: d\n- e\n...\n", [["a", "b"], {"c": "d"}, "e"]),
    ('{"json": [1, 2, {"x": null}], "ok": true}', {"json": [1, 2, {"x": None}], "ok": True}),
    ("keep: |+\n  a\n\nstrip: |-\n  b\n\nclip: |\n  c\n\n\nexplicit: |2\n   d\n", {
        "keep": "a\n\n", "strip": "b", "clip": "c\n", "explicit": " d\n"}),
    ("", None),
])
def test_scalars_collections_and_block_scalars(text, value):
    assert load(text) == value
    assert yaml.safe_load(text) == value


def test_a_date_stays_a_string():
    assert load("built: 2024-01-01") == {"built": "2024-01-01"}  # PyYAML reads a datetime.date


@pytest.mark.parametrize("text, why", [
    ("steps: [\n", "never closed"),
    ("a: b: c", "cannot hold ': '"),
    ("a: &x 1\nb: *x", "anchors"),
    ("a: !!str 1", "tags"),
    ("? complex\n: key", "complex keys"),
    ("%YAML 1.1\n---\na: 1", "directives"),
    ("a: 1\n---\nb: 2", "one document only"),
    ("a:\n\tb: 1", "tabs"),
    ("a: 1\na: 2", "appears twice"),
    ("a: 'x\n  y'", "quoted scalar continued"),
    ("a: plain\n  continued", "continued on the next line"),
    ("a:\n    b: 1\n  c: 2", "indented deeper"),
])
def test_what_it_does_not_read_is_refused_with_the_line(text, why):
    with pytest.raises(YamlSubsetError, match=why) as refused:
        load(text)
    assert str(refused.value).startswith("line ")


def test_the_managed_workflows_read_as_pyyaml_reads_them():
    document = json.loads(resources.files("imagebuilder_local").joinpath("data/managed-workflows.json").read_text())
    for workflow in document["workflows"]:
        assert load(workflow["data"]) == yaml.safe_load(workflow["data"]), workflow["name"]


_text = st.text(st.characters(codec="utf-8", categories=["L", "N", "Zs", "P", "S"]), max_size=30)
_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _text
_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4)
                       | st.dictionaries(_text.filter(lambda k: 0 < len(k) < 50), inner, max_size=4), max_leaves=16)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(value=_values, flow=st.sampled_from([None, False, True]))
@example(value="?0", flow=None)  # a plain scalar that starts with '?', found on Python 3.12 by the support matrix
def test_what_pyyaml_writes_reads_back_as_the_same_value(value, flow):
    text = yaml.safe_dump(value, default_flow_style=flow, width=1 << 20, allow_unicode=True, sort_keys=False)
    assert load(text) == value, text
