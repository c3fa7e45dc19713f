"""The README's admin API section: its examples run as written, and its table names every endpoint."""

from __future__ import annotations

import ast
import json
import re

from imagebuilder_local import ImageBuilderService

from .readme import README, RUN, examples, run, runnable

SECTION = "The admin API"


def test_the_admin_example_runs_and_prints_its_figures(tmp_path):
    (example,) = [e for e in runnable(SECTION) if e[0] == "python"]
    result = run(*example, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    counters, by_tag = (ast.literal_eval(line) for line in result.stdout.strip().splitlines())
    assert counters["calls"] == 50 and counters["faultsByKind"]["notFoundAfterCreate"] >= 1
    assert {"CallRateLimitExceededException", "ThrottlingException"} <= set(counters["faultsByKind"])
    assert by_tag == {"urn:pulumi:dev::demo::imagebuild:ImageBuild::app": 1}


def test_the_shell_example_runs_as_written(tmp_path):
    (example,) = [e for e in runnable(SECTION) if e[0] == "sh"]
    result = run(*example, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    url, answers = result.stdout.split("\n", 1)
    assert url == "http://127.0.0.1:4598"
    decoder, at, bodies = json.JSONDecoder(), 0, []
    while at < len(answers.strip()):  # curl prints the bodies without newlines
        body, at = decoder.raw_decode(answers, at)
        bodies.append(body)
    rule, counters = bodies
    assert rule["kind"] == "mix" and rule["kinds"] == {"CallRateLimitExceededException": 0.15,
                                                       "ThrottlingException": 0.15}
    assert counters == {"counters": {}}


def test_the_table_names_every_admin_endpoint_once():
    section = re.search(rf"^## {SECTION}$(.*?)^## ", README.read_text(), re.S | re.M)
    listed = re.findall(r"^\| `(GET|POST|DELETE) ([a-z/-]+)` \|", section.group(1), re.M)
    with ImageBuilderService() as service:
        assert sorted(listed) == sorted(service.admin_api.endpoints())


def test_every_example_of_the_readme_is_run_by_a_test():
    run_here = {"Start it": 1, "From Python": 1, SECTION: 2}
    counted: dict[str, int] = {}
    for section, lang, _ in examples():
        if lang in RUN:
            counted[section] = counted.get(section, 0) + 1
        else:
            assert (section, lang) == ("Layout", "text"), (section, lang)
    assert counted == run_here
