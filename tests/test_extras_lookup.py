"""``nnspec run`` checks its extras are installed without importing scikit-learn or matplotlib."""

from __future__ import annotations

import subprocess
import sys


def test_need_train_looks_modules_up_without_importing_them() -> None:
    code = (
        "import sys; from nnspec.extras import need_train; need_train(); "
        "print([m for m in ('sklearn', 'matplotlib') if m in sys.modules])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (0, "[]\n")
