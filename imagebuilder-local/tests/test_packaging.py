"""The service as a distribution of its own: what it imports, and what it says when werkzeug is missing."""

from __future__ import annotations

import subprocess
import sys
import textwrap

BLOCK = textwrap.dedent("""\
    import sys

    class Blocked:
        \"\"\"A meta path finder that makes the named top-level packages impossible to import.\"\"\"

        def __init__(self, *names):
            self.names = names

        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in self.names:
                raise ModuleNotFoundError(f"No module named {name!r}", name=name)
            return None

    """)


def run_blocking(names: tuple[str, ...], code: str) -> subprocess.CompletedProcess:
    finder = f"sys.meta_path.insert(0, Blocked(*{names!r}))\n"
    return subprocess.run([sys.executable, "-c", BLOCK + finder + textwrap.dedent(code)],
                          capture_output=True, text=True, timeout=120)


def test_every_module_imports_and_a_build_runs_with_botocore_and_werkzeug_only():
    result = run_blocking(("imagebuild_resource", "yaml", "boto3"), """\
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
    result = run_blocking(("werkzeug",), "import imagebuilder_local")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "ModuleNotFoundError: the local Image Builder service needs werkzeug, which its distribution installs: "
        "pip install imagebuilder-local")
