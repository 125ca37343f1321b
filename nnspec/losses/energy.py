"""Contrastive divergence for an RBM or, level by level, for an RBM stack (a DBN).

The update is seed 003's ("CD 算法具体更新"): CD-k, or PCD-k with persistent chains
(Tieleman 2008), computed in closed form by ``nnspec.nn.contrastive``. Run as a
phase's term, the loss writes that gradient straight into ``.grad`` (an explicit
update, no autograd graph); inside a weighted sum it is the differentiable
free-energy gap with the same gradient. Following Hinton's practical guide
(2010): the visible biases start at log(p/(1 − p)) of the data the level sees
(§8), and the weight cost is ½·c·‖W‖² on the weights only (§10).
"""

from __future__ import annotations

import torch
from torch import Tensor, nn

from nnspec.losses.base import Logs, Loss, Term, loss
from nnspec.nn.contrastive import PersistentChains, contrastive_divergence, write_gradients
from nnspec.nn.rbm import RBM


def statistics(gap: Tensor, v: Tensor, v_model: Tensor, reconstructs: bool) -> Logs:
    """What a logged step adds: the free-energy gap and, for CD-k, the reconstruction error.

    PCD's model samples come from its chains, not from the data, so they are no
    reconstruction.
    """
    logs = {"free_energy_gap": gap}
    if reconstructs:
        logs["reconstruction_error"] = (v - v_model).pow(2).mean()
    return logs


@loss("cd")
class ContrastiveDivergence(Loss):
    """CD-k / PCD-k on an ``rbm``, or on each level of an ``rbm_stack`` for a layerwise phase.

    Level l trains on the data passed up through the levels below it. The
    bottom level's visible biases are set from the training data when the loss
    is built; a higher level's at its first training update, once the levels
    below are trained. Persistent chains (``chains`` of them, default the batch
    size) start at a level's first update and advance only in training mode:
    an evaluation (model in eval mode) runs plain CD-k from the data and leaves
    chains and biases be. Called whole on a stack, the loss is the sum of every
    level's surrogate.
    """

    def __init__(self, name: str, params: dict, rt) -> None:
        super().__init__(name, params, rt)
        self.model = self.net("model")
        # validate admits only networks whose kind is made of RBMs (NetworkInfo.rbms)
        self.rbms: list[RBM] = self.model.rbm_levels()
        # Each level's (W, a, b), read once: Module.__getattr__ is slow next to a CD step,
        # and the Parameter objects stay the same for the loss's lifetime.
        self.rbm_params = [(rbm.W, rbm.a, rbm.b) for rbm in self.rbms]
        self.chains: dict[int, PersistentChains] = {}
        self.ready: set[int] = set()
        self.init_bias(0)

    def level_input(self, x: Tensor, level: int, mode: str = "mean") -> Tensor:
        """The visible data of level ``level``: x flattened and passed up the levels below."""
        v = x if x.dim() == 2 else x.reshape(len(x), -1)  # (B, V)
        dtype = self.rbms[0].W.dtype
        v = v if v.dtype == dtype else v.to(dtype)
        if level == 0:
            return v
        with torch.no_grad():
            return self.model.up(v, level, mode, self.rt.generator)

    def init_bias(self, level: int) -> None:
        """Hinton's visible-bias start for ``level``, once, from all the training data."""
        if level not in self.ready:
            self.rbms[level].init_visible_bias(self.level_input(self.rt.train_x, level))
            self.ready.add(level)

    def persistent(self, level: int, batch: int) -> PersistentChains | None:
        rbm = self.rbms[level]
        if not self.params["persistent"] or not rbm.training:
            return None
        if level not in self.chains:
            count = self.params["chains"] or batch
            self.chains[level] = PersistentChains.start(rbm, count)
        return self.chains[level]

    def level_step(
        self, level: int, mode: str, x: Tensor, explicit: bool = True
    ) -> tuple[Tensor | None, Logs]:
        """Level ``level``'s free-energy gap plus its weight cost, and its logs.

        ``explicit``: the gradient goes straight into ``.grad`` and the value is
        detached; otherwise the value is differentiable and autograd carries it. The
        explicit step needs no value to update, so on the steps the loop does not log it
        computes none and returns ``(None, {})``: the gap is a figure to log, and the
        hand-written CD loop computes no loss at all.
        """
        rbm = self.rbms[level]
        if rbm.training and level not in self.ready:  # an evaluation must not fix a bias
            self.init_bias(level)
        v = self.level_input(x, level, mode)
        chains = self.persistent(level, v.shape[0])
        if explicit:
            gap, v_model = self.written_step(level, v, chains, self.rt.detail)
            if gap is None:
                return None, {}
        else:
            gap, v_model, _ = rbm.cd_loss(v, self.params["k"], chains, self.rt.generator)
        value, cost = gap, self.params["weight_cost"]
        if cost:
            weights = rbm.W.detach() if explicit else rbm.W  # explicit: its gradient is written
            value = gap + 0.5 * cost * weights.pow(2).sum()
        # The explicit step's values carry no graph, so they are logged as they are.
        logs = {"loss": value if explicit else value.detach()}
        logs.update(self.details(lambda: statistics(gap.detach(), v, v_model, chains is None)))
        return value, logs

    def written_step(
        self, level: int, v: Tensor, chains: PersistentChains | None, gap: bool = True
    ) -> tuple[Tensor | None, Tensor]:
        """One CD step whose gradient goes straight into ``.grad``: its gap (None without
        ``gap``) and v_model.

        The step runs on detached views of the parameters, so it builds no graph and
        needs no ``no_grad`` block (which costs more than the views at CD's batch sizes).
        """
        params = W, a, b = self.rbm_params[level]
        state = None if chains is None else chains.state
        k, units, g = self.params["k"], self.rbms[level].units, self.rt.generator
        step = contrastive_divergence(
            W.detach(), a.detach(), b.detach(), v, k, units, g, state, gap
        )
        if chains is not None:
            chains.keep(step.h_model)
        write_gradients(params, step, self.params["weight_cost"])
        return step.gap, step.v_model

    def __call__(self, x: Tensor, y: Tensor | None, explicit: bool = True) -> tuple[Tensor, Logs]:
        if len(self.rbms) == 1:
            return self.level_step(0, "mean", x, explicit)
        total, logs = 0.0, {}
        for level in range(len(self.rbms)):
            value, part = self.level_step(level, "mean", x, explicit)
            total = None if value is None or total is None else total + value  # unlogged: None
            logs.update({f"layer{level}/{k}": v for k, v in part.items()})
        if total is None:
            return None, {}
        logs["loss"] = total.detach()
        return total, logs

    def summand(self, name: str | None) -> Term:
        """The differentiable form, for a weighted sum: autograd carries its gradient."""
        self.term(name)  # the same check of the term's name
        return lambda x, y: self(x, y, explicit=False)

    def levels(self) -> int:
        return len(self.rbms)

    def level_params(self, level: int) -> list[nn.Parameter]:
        return list(self.rbm_params[level])

    def level_term(self, level: int, mode: str) -> Term:
        """The term a layerwise phase steps for ``level``; ``mode`` is how data pass up."""
        return lambda x, y: self.level_step(level, mode, x)

    def state_dict(self) -> dict:
        return {
            "hidden_chains": {level: c.state.clone() for level, c in self.chains.items()},
            "initialised": sorted(self.ready),
        }

    def load_state_dict(self, state: dict) -> None:
        """Restore the chains and which biases are set; ``{}`` (nothing saved) keeps both."""
        if not state:
            return
        if "hidden_chains" in state:
            self.chains = {
                int(level): PersistentChains(s.to(self.rbms[int(level)].W.device))
                for level, s in state["hidden_chains"].items()
            }
        else:  # an older checkpoint kept the chains' visible states
            self.chains = {
                int(level): PersistentChains.from_visible(
                    self.rbms[int(level)], s, self.rt.generator
                )
                for level, s in state["chains"].items()
            }
        self.ready = {int(level) for level in state["initialised"]}
