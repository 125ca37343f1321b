"""``--resume DIR``: read the one checkpoint rank 0 wrote, check it fits, restore it on every rank.

Nothing is written while this runs: a refused checkpoint leaves the run
directory exactly as it was. Under torchrun every rank reads the checkpoint and
the ranks agree on the outcome before any goes on, so a rank that cannot resume
stops all of them with the same message instead of leaving them waiting.
"""

from __future__ import annotations

from pathlib import Path

from nnspec.errors import CheckpointError, NnspecError, RunError
from nnspec.spec.pipeline import ResolvedSpec
from nnspec.train import distributed
from nnspec.train.checkpoint import load_checkpoint
from nnspec.train.checkpoint_check import check_fits, check_world
from nnspec.train.distributed import World
from nnspec.train.plan import Plan
from nnspec.train.session import Session
from nnspec.train.state import restore

LAST = Path("checkpoints") / "last.pt"


def resume(path: Path, resolved: ResolvedSpec, session: Session, plans: list[Plan], world: World):
    """The position to continue from; every rank must call this (it is collective)."""
    error, position = None, None
    try:
        position = _restore(path, resolved, session, plans, world)
    except NnspecError as exc:
        error = exc.render()
    errors = [e for e in distributed.gather(error, world) if e is not None]
    if errors:
        raise CheckpointError(errors[0])
    return position


def _restore(
    path: Path, resolved: ResolvedSpec, session: Session, plans: list[Plan], world: World
) -> dict:
    try:
        payload = load_checkpoint(path / LAST, shown=str(LAST))
    except CheckpointError as exc:
        raise CheckpointError(f"cannot resume {path}: {exc}") from None
    _same_spec(payload["spec"], resolved, path)
    try:
        check_world(payload, world.size)
    except CheckpointError as exc:
        raise CheckpointError(f"cannot resume {path}: {LAST} {exc}") from None
    try:
        check_fits(session, plans, payload, world.size)
        return restore(session, payload)
    except CheckpointError as exc:
        raise CheckpointError(
            f"cannot resume {path}: {LAST} does not fit this spec: {exc}"
        ) from None


def _same_spec(saved: object, resolved: ResolvedSpec, path: Path) -> None:
    """Refuse to resume a run of another spec, naming what differs (nnspec diff's view)."""
    if saved == resolved.plain():
        return
    from nnspec.diff.core import diff_specs
    from nnspec.diff.format import clip, flow
    from nnspec.spec.pipeline import resolve

    before = resolve(path / "spec.yaml")
    changes = diff_specs(before, resolved).changes
    if not changes:  # spec.yaml matches this spec: the checkpoint's own copy was changed
        raise CheckpointError(
            f"cannot resume {path}: {LAST} was not written by this spec "
            f"(its saved spec differs from {path / 'spec.yaml'})"
        )
    lines = [f"  {c.path}: {clip(flow(c.old), 40)} → {clip(flow(c.new), 40)}" for c in changes[:8]]
    more = f"\n  ... and {len(changes) - 8} more" if len(changes) > 8 else ""
    raise RunError(
        f"cannot resume {path}: its spec differs from this one:\n"
        + "\n".join(lines)
        + more
        + f"\n(`nnspec diff {path} SPEC` shows everything)"
    )
