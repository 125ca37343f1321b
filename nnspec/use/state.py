"""``DIR/run_state.json``: what evaluate, predict and export need beyond the checkpoint.

``nnspec run`` writes it next to spec.yaml: whether the run was a smoke run (evaluation
samples are capped then), the spec's folder (relative data paths resolve against it),
the examples' shape and dtype before and after the transforms, each transform's fitted
state (nnspec.data.fitted) and the classes. Run directories written before it existed
have none: their transforms are fitted again from the spec's data (the same seeded
pipeline, so the same statistics) and they count as full, not smoke, runs.
"""

from __future__ import annotations

import json
from pathlib import Path

from nnspec.errors import RunError

NAME = "run_state.json"
FORMAT = 1


def describe_run(rt) -> dict:
    """The run state of a prepared runtime (``nnspec.train.runtime.Runtime``)."""
    x = rt.train_x
    y = rt.splits["train"][1]
    return {
        "format": FORMAT,
        "smoke": rt.smoke,
        "spec_dir": str(Path(rt.base_dir).resolve()),
        "input": rt.fitted[0]["x"] if rt.fitted else list(x.shape[1:]),
        "x": {"shape": list(x.shape[1:]), "dtype": str(x.dtype).removeprefix("torch.")},
        "y": None if y is None else {"shape": list(y.shape[1:]), "dtype": str(y.dtype)[6:]},
        "classes": rt.classes,
        "transforms": rt.fitted,
    }


def write_run_state(rundir, rt) -> None:
    """Write DIR/run_state.json (rank 0 only), whole or not at all."""
    if not rundir.writer:
        return
    path = Path(rundir.path) / NAME
    tmp = path.with_suffix(".json.tmp")
    try:
        tmp.write_text(json.dumps(describe_run(rt), indent=1) + "\n", encoding="utf-8")
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def read_run_state(run: Path) -> dict | None:
    """The run state, or None for a run directory written before it existed."""
    path = run / NAME
    if not path.is_file():
        return None
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RunError(f"{path} is unreadable: {exc}") from None
    if not isinstance(state, dict) or state.get("format") != FORMAT:
        raise RunError(f"{path} is not a run state this nnspec reads (format {FORMAT})")
    return state
