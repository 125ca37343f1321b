"""Data parallelism on torch.distributed, as launched by torchrun.

Every rank holds the same modules (same seed, then a broadcast from rank 0),
takes a disjoint shard of each epoch, and averages gradients with one
all-reduce per optimizer step before clipping and stepping. Averaging inside
the optimizer step (rather than wrapping modules in DDP) works unchanged for
alternating and layer-wise phases, where which parameters train changes from
step to step. Only rank 0 writes metrics, checkpoints and artifacts.
"""

from __future__ import annotations

import os
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
    if world.size > 1 and dist.is_initialized():
        dist.barrier()
        dist.destroy_process_group()


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
                dist.broadcast(tensor.data, src=0)


def average_gradients(params: list[nn.Parameter]) -> None:
    """Average the gradients of ``params`` over all ranks, in one flat all-reduce."""
    grads = [p.grad for p in params if p.grad is not None]
    if not grads:
        return
    flat = _flatten_dense_tensors(grads)
    dist.all_reduce(flat)
    flat /= dist.get_world_size()
    for grad, synced in zip(grads, _unflatten_dense_tensors(flat, grads), strict=True):
        grad.copy_(synced)
