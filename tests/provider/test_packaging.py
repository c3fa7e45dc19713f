"""The resource and provider work without the local service (the ``local`` extra, imagebuilder-local)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

BLOCK_WERKZEUG = textwrap.dedent("""\
    import sys

    class NoWerkzeug:
        \"\"\"A meta path finder that makes werkzeug impossible to import, as without the 'local' extra.\"\"\"

        def find_spec(self, name, path=None, target=None):
            if name == "werkzeug" or name.startswith("werkzeug."):
                raise ModuleNotFoundError(f"No module named {name!r}", name=name)
            return None

    sys.meta_path.insert(0, NoWerkzeug())
    """)


def run_without_werkzeug(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", BLOCK_WERKZEUG + textwrap.dedent(code)],
                          capture_output=True, text=True, timeout=120)


def test_the_resource_provider_and_cli_import_without_werkzeug():
    result = run_without_werkzeug("""\
        import imagebuild_resource, imagebuild_resource.providers, imagebuild_resource.cli
        from imagebuild_resource import ImageBuild, ImageBuildArgs
        from imagebuild_resource.providers import ImageBuildProvider, PipelineBuildProvider
        ImageBuildProvider(), PipelineBuildProvider()
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("werkzeug", "imagebuilder_local"))
        print("loaded:", loaded)
        """)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "loaded: []"
