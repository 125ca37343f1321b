"""The spec side never imports torch (nor numpy): validate, show, schema and list stay fast.

Each check runs in a fresh interpreter, since the test session itself imports torch.
A meta-path hook records the stack of the first import of each heavy package, so a
failure names the module that pulled it in.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
BUNDLED = sorted(SPECS.glob("*.yaml")) + sorted((SPECS / "optimizers").glob("*.yaml"))
HEAVY = ("torch", "numpy", "sklearn", "matplotlib", "scipy")

SCRIPT = r"""
import contextlib, io, json, sys, traceback

HEAVY = {heavy!r}
first_import = {{}}


class Watch:
    def find_spec(self, name, path=None, target=None):
        top = name.partition(".")[0]
        if top in HEAVY and top not in first_import:
            frames = [f for f in traceback.extract_stack()[:-1] if not f.filename.startswith("<")]
            first_import[top] = "".join(traceback.format_list(frames[-12:]))
        return None


sys.meta_path.insert(0, Watch())
from nnspec.cli import LIST_CATEGORIES, main

specs = sys.argv[1:]
commands = [["validate", *specs], ["schema"], *(["list", c] for c in LIST_CATEGORIES)]
commands += [["show", s] for s in specs] + [["show", "--resolved", s] for s in specs]
codes = []
for args in commands:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            main(args, prog_name="nnspec")
        except SystemExit as exc:
            codes.append(exc.code)
loaded = sorted(m for m in HEAVY if m in sys.modules)
print(json.dumps({{"codes": codes, "loaded": loaded, "first_import": first_import}}))
"""


def run_python(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_every_spec_side_command_leaves_torch_and_numpy_unimported() -> None:
    proc = run_python("-c", SCRIPT.format(heavy=HEAVY), *map(str, BUNDLED))
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert set(report["codes"]) == {0}
    assert report["loaded"] == [], "\n\n".join(
        f"{name} was first imported from:\n{stack}"
        for name, stack in report["first_import"].items()
    )


def test_python_dash_m_nnspec_validates_without_importing_torch() -> None:
    proc = run_python("-X", "importtime", "-m", "nnspec", "validate", "specs/gan.yaml")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout == "specs/gan.yaml: ok\n"
    imported = {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines() if "|" in line}
    assert not {m for m in imported if m.partition(".")[0] in HEAVY}


def test_upgrade_does_not_import_torch() -> None:
    old = ROOT / "tests" / "spec" / "load" / "upgrade_corpus" / "v1" / "gan.yaml"
    proc = run_python("-X", "importtime", "-m", "nnspec", "upgrade", str(old))
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "input: [$latent]" in proc.stdout
    imported = {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines() if "|" in line}
    assert not {m for m in imported if m.partition(".")[0] in HEAVY}
