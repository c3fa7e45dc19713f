"""The service as a distribution of its own: what it imports, and what it says when werkzeug is missing."""

from __future__ import annotations

import subprocess
import sys
import textwrap

BLOCK = textwrap.dedent("""\
    import sys

    class Only:
        \"\"\"A meta path finder under which only the standard library and the named top-level packages import.\"\"\"

        def __init__(self, *names):
            self.names = set(names) | set(sys.stdlib_module_names)

        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] not in self.names:
                raise ModuleNotFoundError(f"No module named {name!r}", name=name)
            return None

    """)
DEPENDENCIES = ("imagebuilder_local", "botocore", "jmespath", "dateutil", "six", "urllib3", "werkzeug", "markupsafe")
"""The service, botocore and werkzeug, and what they depend on."""


def run_with_only(names: tuple[str, ...], code: str) -> subprocess.CompletedProcess:
    finder = f"sys.meta_path.insert(0, Only(*{names!r}))\n"
    return subprocess.run([sys.executable, "-c", BLOCK + finder + textwrap.dedent(code)],
                          capture_output=True, text=True, timeout=120)


def test_every_module_imports_and_a_build_runs_with_botocore_and_werkzeug_only():
    result = run_with_only(DEPENDENCIES, """\
        import importlib, pkgutil
        import imagebuilder_local
        for module in pkgutil.walk_packages(imagebuilder_local.__path__, "imagebuilder_local."):
            importlib.import_module(module.name)
        from imagebuilder_local import DEMO_IMAGE_RECIPE_ARN, DEMO_INFRASTRUCTURE_ARN
        from imagebuilder_local.models import Backend
        backend = Backend()
        arn = backend.create_image({"imageRecipeArn": DEMO_IMAGE_RECIPE_ARN, "clientToken": "t",
                                    "infrastructureConfigurationArn": DEMO_INFRASTRUCTURE_ARN})["imageBuildVersionArn"]
        print(backend.get_image(arn)["image"]["state"]["status"])
        """)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "PENDING"


def test_the_local_service_without_werkzeug_names_its_install():
    result = run_with_only(tuple(d for d in DEPENDENCIES if d not in ("werkzeug", "markupsafe")),
                           "import imagebuilder_local")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "ModuleNotFoundError: the local Image Builder service needs werkzeug, which its distribution installs: "
        "pip install imagebuilder-local")
