"""A check that training on CUDA makes no host synchronisation except on logged steps.

With ``NNSPEC_SYNC_CHECK=1`` in the environment (benchmarks/gpu.sh sets it) every update
that is not logged runs under ``torch.cuda.set_sync_debug_mode("error")``: an
``.item()``, a ``bool()`` of a tensor, a copy to the host or a ``nonzero`` anywhere in the
update (a loss, an optimizer, the loop) then raises where it happens. Logged steps read
their losses by design and are left alone, as is ``run.on_nan: skip``, which reads every
loss. Off by default: it is a developer's check, and the mode switch costs a little.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import torch

ENV = "NNSPEC_SYNC_CHECK"


def checked(apply: Callable[..., Any], device: torch.device, reads_every_loss: bool):
    """``apply`` itself, or where the check is on, ``apply`` with unlogged updates guarded."""
    if device.type != "cuda" or os.environ.get(ENV) != "1" or reads_every_loss:
        return apply

    def guarded(session: Any, *args: Any) -> Any:
        if session.rt.detail:  # a logged step: its statistics may be read on the host
            return apply(session, *args)
        torch.cuda.set_sync_debug_mode("error")
        try:
            return apply(session, *args)
        finally:
            torch.cuda.set_sync_debug_mode("default")

    return guarded
