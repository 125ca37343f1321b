"""The ``lbfgs`` optimizer's torch side: torch.optim.LBFGS, with its state's shapes declared.

Its step takes a closure (``nnspec.train.full_batch`` hands it one that evaluates the
loss term on every training example). Its state sits in the first parameter's entry
and is flat over all parameters, so it says what it keeps for the checkpoint checks.
"""

from __future__ import annotations

import torch

from nnspec.train.optim import optimizer


class LBFGS(torch.optim.LBFGS):
    def state_shapes(self, param: torch.Tensor) -> dict[str, torch.Size]:
        """The flat direction and previous gradient (n,) in the first parameter's state."""
        params = [p for group in self.param_groups for p in group["params"]]
        n = torch.Size([sum(p.numel() for p in params)])
        return {"d": n, "prev_flat_grad": n} if param is params[0] else {}


@optimizer("lbfgs")
def build_lbfgs(params, options: dict) -> LBFGS:
    return LBFGS(
        params,
        lr=options["lr"],
        max_iter=options["max_iter"],
        history_size=options["history_size"],
        tolerance_grad=options["tolerance_grad"],
        tolerance_change=options["tolerance_change"],
        line_search_fn=None if options["line_search"] == "none" else "strong_wolfe",
    )
