"""Host-to-device copies that do not hold the host up: pinned memory and ``non_blocking``.

A copy from ordinary (pageable) host memory to a GPU makes the host wait until it is
done; from pinned (page-locked) memory with ``non_blocking=True`` it is queued on the
current stream and the host goes on. Every later use of the tensor is queued on the same
stream, after the copy, so nothing reads it early. On the CPU this is a plain ``.to``.
"""

from __future__ import annotations

import torch
from torch import Tensor


def to_device(tensor: Tensor, device: torch.device | str) -> Tensor:
    """``tensor`` on ``device``; a host tensor goes to a GPU through pinned memory, queued."""
    device = torch.device(device)
    if device.type != "cuda" or tensor.device.type != "cpu":
        return tensor.to(device)
    return tensor.pin_memory().to(device, non_blocking=True)
