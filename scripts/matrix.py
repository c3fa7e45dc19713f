"""The support matrix: the test suites on every supported Python with both ends of the Pulumi SDK range.

Usage: python3 scripts/matrix.py [--jobs N] [--only ROW ...] [--list]

Each row is one virtualenv in .tools/matrix/ROW/ (ROW is ``pyX.Y-pulumiA.B.C``), installed as
``make venv`` installs .venv but with a constraints file derived from requirements.lock, its
pulumi pin replaced by the row's SDK; a venv whose inputs did not change is reused. Every row runs
the unit and integration suites (pytest -m "not e2e"); the local service's suite, which imports
no pulumi, runs once per Python that .venv does not cover; the two rows of ``rows()``'s corners
run the real-CLI suite too, with the one Pulumi CLI of the lock (source scripts/pulumi-env.sh
first, as scripts/test.sh does). Rows run N at a time (2 by default), each logging to
.tools/matrix/ROW.log; a line per row gives PASS or FAIL, its wall time and pytest's summaries,
and the exit status is 1 if any row failed.

The oldest SDK is the floor of pyproject.toml's pulumi range; NEWEST_SDK is the newest the
package index serves, raised when a newer one is released.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MATRIX = ROOT / ".tools" / "matrix"
PYTHONS = ("3.11", "3.12", "3.13")
NEWEST_SDK = "3.272.0"
SUITE_TIMEOUT_SECONDS = 40 * 60


def oldest_sdk() -> str:
    """The floor of the pulumi range in pyproject.toml's [project] dependencies."""
    found = re.search(r'"pulumi>=([0-9.]+),<4"', (ROOT / "pyproject.toml").read_text())
    if found is None:
        raise SystemExit('matrix: pyproject.toml has no "pulumi>=X.Y.Z,<4" dependency')
    return found.group(1)


@dataclass(frozen=True)
class Row:
    python: str
    sdk: str
    e2e: bool

    @property
    def name(self) -> str:
        return f"py{self.python}-pulumi{self.sdk}"

    @property
    def venv(self) -> Path:
        return MATRIX / self.name


def rows() -> list[Row]:
    oldest = oldest_sdk()
    e2e = {(PYTHONS[0], oldest), (PYTHONS[-1], NEWEST_SDK)}  # the two corners: oldest with oldest, newest with newest
    return [Row(python, sdk, (python, sdk) in e2e) for python in PYTHONS for sdk in (oldest, NEWEST_SDK)]


def constraints(sdk: str) -> str:
    """requirements.lock with its pulumi pin replaced by ``sdk``."""
    lines = [line for line in (ROOT / "requirements.lock").read_text().splitlines()
             if line.strip() and not line.startswith("pulumi==")]
    return "\n".join([*lines, f"pulumi=={sdk}"]) + "\n"


def interpreter(version: str) -> Path:
    """pyenv's newest Python ``version`` (installed by pyenv if missing), else ``pythonX.Y`` on PATH."""
    pyenv = shutil.which("pyenv")
    if pyenv:
        root = Path(subprocess.run([pyenv, "root"], capture_output=True, text=True, check=True).stdout.strip())

        def installed() -> list[Path]:
            found = [path for path in (root / "versions").glob(f"{version}.*")
                     if re.fullmatch(rf"{re.escape(version)}\.\d+", path.name) and (path / "bin" / "python3").exists()]
            return sorted(found, key=lambda path: int(path.name.rsplit(".", 1)[1]))

        if not installed():
            print(f"matrix: installing Python {version} with pyenv", flush=True)
            subprocess.run([pyenv, "install", "--skip-existing", version], check=True)
        if installed():
            return installed()[-1] / "bin" / "python3"
    found = shutil.which(f"python{version}")
    if found is None:
        raise RuntimeError(f"no Python {version}: install it with pyenv (pyenv install {version})")
    return Path(found)


_INSTALL_LOCK = threading.Lock()  # one install at a time: editable installs write into the same source tree


def ensure_venv(row: Row, log) -> float:
    """Create or reuse the row's venv; the seconds it took."""
    started = time.monotonic()
    python = interpreter(row.python)
    wanted = constraints(row.sdk)
    stamp_text = hashlib.sha256("\0".join([
        str(ROOT), str(python), wanted, (ROOT / "pyproject.toml").read_text(),
        (ROOT / "imagebuilder-local" / "pyproject.toml").read_text()]).encode()).hexdigest()
    stamp = row.venv / ".installed"
    if stamp.exists() and stamp.read_text() == stamp_text:
        return time.monotonic() - started
    with _INSTALL_LOCK:
        shutil.rmtree(row.venv, ignore_errors=True)
        row.venv.mkdir(parents=True)
        (row.venv / "constraints.txt").write_text(wanted)
        run([str(python), "-m", "venv", str(row.venv)], log)
        run([str(row.venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
             "--constraint", str(row.venv / "constraints.txt"),
             "--editable", f"{ROOT / 'imagebuilder-local'}[test]", "--editable", f"{ROOT}[aws,local,test]"], log)
    stamp.write_text(stamp_text)
    return time.monotonic() - started


def run(command: list[str], log, cwd: Path = ROOT, env: dict[str, str] | None = None,
        timeout: float | None = None) -> None:
    log.write(f"$ {' '.join(command)}\n")
    log.flush()
    subprocess.run(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, check=True, timeout=timeout,
                   stdin=subprocess.DEVNULL)


def attempt(command: list[str], log, cwd: Path, env: dict[str, str]) -> bool:
    """Run one suite; whether it passed (its failure is in the log)."""
    try:
        with _SERVICE_SUITE_LOCK if cwd != ROOT else contextlib.nullcontext():
            run(command, log, cwd=cwd, env=env, timeout=SUITE_TIMEOUT_SECONDS)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
        log.write(f"\nmatrix: {error}\n")
        return False
    return True


def last_summary(log_path: Path) -> str:
    """pytest's closing lines in the row's log, e.g. '412 passed, 59 deselected in 170.2s'."""
    found = re.findall(r"^=*\s*(\d+ (?:passed|failed).*?)\s*=*$", log_path.read_text(), flags=re.M)
    return "; ".join(found) if found else "no pytest summary"


def lock_python() -> str | None:
    """The X.Y of .venv's Python (the lock's venv, which make test runs first), if there is one."""
    python = ROOT / ".venv" / "bin" / "python"
    if not python.exists():
        return None
    out = subprocess.run([str(python), "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                         capture_output=True, text=True, check=True)
    return out.stdout.strip()


def runs_service_suite(row: Row) -> bool:
    """The local service's suite imports no pulumi: once per Python, on its newest-SDK row, unless .venv has run it."""
    return row.sdk == NEWEST_SDK and row.python != lock_python()


def suites(row: Row) -> list[tuple[list[str], Path]]:
    """The commands a row runs, each with its working directory."""
    pytest = [str(row.venv / "bin" / "python"), "-m", "pytest", "-p", "no:cacheprovider", "-q"]
    commands = [([*pytest, "-m", "not e2e"], ROOT)]
    if runs_service_suite(row):
        commands.append((pytest, ROOT / "imagebuilder-local"))
    return commands + ([([*pytest, "-m", "e2e and not release"], ROOT)] if row.e2e else [])


_SERVICE_SUITE_LOCK = threading.Lock()
"""The local service's suite runs its README's examples on their fixed port (4599): one row at a time."""


def run_row(row: Row) -> tuple[Row, bool, str]:
    """Install and test one row; whether it passed, and its line of the report."""
    MATRIX.mkdir(parents=True, exist_ok=True)
    log_path = MATRIX / f"{row.name}.log"
    started = time.monotonic()
    venv_seconds = 0.0
    with log_path.open("w") as log:
        try:
            venv_seconds = ensure_venv(row, log)
            env = {**os.environ, "PATH": f"{row.venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
                   "VIRTUAL_ENV": str(row.venv)}
            run([str(row.venv / "bin" / "python"), "-m", "pip", "show", "pulumi"], log, env=env)
            ok = all([attempt(command, log, cwd=cwd, env=env) for command, cwd in suites(row)])  # every suite runs
        except (subprocess.CalledProcessError, RuntimeError, OSError) as error:
            log.write(f"\nmatrix: {error}\n")
            ok = False
    what = "unit, integration" + (", local service" if runs_service_suite(row) else "") + (", e2e" if row.e2e else "")
    line = (f"{'PASS' if ok else 'FAIL'} {row.name:<22} {what:<37} {(time.monotonic() - started) / 60:5.1f} min "
            f"(venv {venv_seconds:.0f} s)  {last_summary(log_path)}")
    return row, ok, line if ok else f"{line}  log: {log_path.relative_to(ROOT)}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--only", nargs="*", help="row names, e.g. py3.12-pulumi3.272.0")
    parser.add_argument("--list", action="store_true", help="print the rows and exit")
    args = parser.parse_args()
    selected = [row for row in rows() if not args.only or row.name in args.only]
    if args.list:
        for row in selected:
            print(row.name, "e2e" if row.e2e else "")
        return 0
    if not selected:
        print(f"matrix: no row named {args.only}", file=sys.stderr)
        return 2
    started = time.monotonic()
    print(f"matrix: {len(selected)} rows, {args.jobs} at a time", flush=True)
    failed = []
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for done in as_completed([pool.submit(run_row, row) for row in selected]):
            row, ok, line = done.result()
            print(line, flush=True)
            if not ok:
                failed.append(row.name)
    print(f"matrix: {len(selected) - len(failed)} of {len(selected)} rows passed in "
          f"{(time.monotonic() - started) / 60:.1f} min" + (f"; FAILED: {', '.join(failed)}" if failed else ""),
          flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
