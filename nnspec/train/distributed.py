"""Data parallelism on torch.distributed, as launched by torchrun.

Every rank holds the same modules (same seed, then a broadcast from rank 0),
takes a disjoint shard of each epoch, and averages gradients with one
all-reduce per optimizer step before clipping and stepping. Averaging inside
the optimizer step (rather than wrapping modules in DDP) works unchanged for
alternating and layer-wise phases, where which parameters train changes from
step to step. Only rank 0 writes metrics, checkpoints and artifacts.

Every collective goes through this module, so a lost peer (a worker killed or
crashed) surfaces as one ``PeerLost`` error that names the rank, never as a
raw error of the communication layer.
"""

from __future__ import annotations

import os
import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import torch
import torch.distributed as dist
from torch import nn
from torch._utils import _flatten_dense_tensors, _unflatten_dense_tensors

from nnspec.errors import RunError


@dataclass(frozen=True)
class World:
    """This process's place among the data-parallel processes."""

    rank: int = 0
    size: int = 1

    @property
    def is_writer(self) -> bool:
        return self.rank == 0


def detect() -> World:
    """The world torchrun describes in the environment, or a single process."""
    size = int(os.environ.get("WORLD_SIZE", "1"))
    return World(int(os.environ.get("RANK", "0")), size) if size > 1 else World()


def start(world: World, device: torch.device) -> None:
    """Join the process group: gloo on CPU, nccl on GPU."""
    if world.size > 1 and not dist.is_initialized():
        if device.type == "cuda":
            torch.cuda.set_device(int(os.environ.get("LOCAL_RANK", "0")))
        dist.init_process_group("nccl" if device.type == "cuda" else "gloo")


def stop(world: World) -> None:
    """Leave the process group; after a lost peer, without the barrier nobody would answer."""
    if world.size > 1 and dist.is_initialized():
        if not _LOST:
            with collective():
                dist.barrier()
        dist.destroy_process_group()


class PeerLost(RunError):
    """Another rank stopped (killed, crashed) while this one waited for it in a collective."""

    def __init__(self, message: str, rank: int | None):
        super().__init__(message)
        self.rank = rank


_LOST: list[PeerLost] = []  # set once a collective failed: the group can no longer be used


@contextmanager
def collective() -> Iterator[None]:
    """Turn the communication layer's error on a lost peer into ``PeerLost``.

    gloo raises a plain ``RuntimeError`` ("Connection reset by peer") when a peer
    disappears; this wraps nothing but collective calls, so such an error here
    can only mean the group broke.
    """
    try:
        yield
    except RuntimeError as exc:
        raise _lost(exc) from None


def _lost(exc: RuntimeError) -> PeerLost:
    # torchrun terminates the survivors once a worker died; hold SIGINT and SIGTERM
    # so that rank 0 still writes summary.json and exits with the run's own status.
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    rank, size = dist.get_rank(), dist.get_world_size()
    peer = 1 - rank if size == 2 else None
    who = f"rank {peer}" if peer is not None else f"another of the {size} ranks"
    error = PeerLost(
        f"{who} stopped (the process group lost a peer; rank {rank} saw: {_gist(exc)})", peer
    )
    _LOST.append(error)
    return error


def _gist(exc: Exception) -> str:
    """The communication layer's message without its source location and advice."""
    text = re.sub(r"^\[[^\]]*\]\s*", "", str(exc).strip().splitlines()[0])
    return text.split(". ")[0].rstrip(".")


def any_rank(flags: tuple[bool, ...], world: World, device: torch.device) -> tuple[bool, ...]:
    """For each of ``flags``, whether it holds on any rank, in one all-reduce (all ranks
    must call this at the same step)."""
    if world.size == 1:
        return flags
    value = torch.tensor([float(f) for f in flags], device=device)
    with collective():
        dist.all_reduce(value, op=dist.ReduceOp.MAX)
    return tuple(bool(v) for v in value.tolist())


def from_rank0(flag: bool, world: World, device: torch.device) -> bool:
    """Rank 0's ``flag`` on every rank (all ranks must call this at the same step)."""
    if world.size == 1:
        return flag
    value = torch.tensor([float(flag)], device=device)
    with collective():
        dist.broadcast(value, src=0)
    return bool(value.item())


def gather(value: object, world: World) -> list:
    """Every rank's ``value`` (tensors and plain data of this run only), in rank order."""
    if world.size == 1:
        return [value]
    out: list = [None] * world.size
    with collective():
        dist.all_gather_object(out, value)
    return out


def per_rank_batch(batch_size: int, world: World) -> int:
    """The per-process batch that keeps the spec's global batch size."""
    if batch_size % world.size:
        raise RunError(
            f"batch_size {batch_size} does not split evenly over {world.size} "
            "processes; choose a multiple of the process count"
        )
    return batch_size // world.size


def broadcast_modules(modules: dict[str, nn.Module], world: World) -> None:
    """Make every rank start from rank 0's parameters and buffers."""
    if world.size > 1:
        for module in modules.values():
            for tensor in [*module.parameters(), *module.buffers()]:
                with collective():
                    dist.broadcast(tensor.data, src=0)


def average_gradients(params: list[nn.Parameter]) -> None:
    """Average the gradients of ``params`` over all ranks, in one flat all-reduce."""
    grads = [p.grad for p in params if p.grad is not None]
    if not grads:
        return
    flat = _flatten_dense_tensors(grads)
    with collective():
        dist.all_reduce(flat)
    flat /= dist.get_world_size()
    for grad, synced in zip(grads, _unflatten_dense_tensors(flat, grads), strict=True):
        grad.copy_(synced)
