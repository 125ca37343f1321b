"""The Laplacian-pyramid GAN (Denton et al. 2015), one loss per pyramid level.

The pyramid halves an image by 2×2 averaging (``shrink``) and doubles it back by
bilinear interpolation (``grow``). A level at scale s sees the data shrunk s times;
its real sample is the residual I − grow(shrink(I)) and its generator, given noise
and the upsampled coarser image, makes a residual. Levels train independently on
real coarser images, as in the paper; sampling chains them from the coarsest up.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from nnspec.losses.adversarial import Minimax
from nnspec.losses.base import Logs, Loss, loss
from nnspec.spec.typed import Application


def shrink(x: Tensor, times: int = 1) -> Tensor:
    """x (B, C, H, W) → (B, C, H/2ᵗ, W/2ᵗ) by repeated 2×2 averaging."""
    for _ in range(times):
        x = F.avg_pool2d(x, 2)
    return x


def grow(x: Tensor, times: int = 1) -> Tensor:
    """x (B, C, h, w) → (B, C, 2ᵗh, 2ᵗw) by repeated bilinear doubling."""
    for _ in range(times):
        x = F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=False)
    return x


@loss("laplacian_gan")
class LaplacianGAN(Minimax):
    """One level: minimax on residuals h, with D judging [h, grow(coarser image)]."""

    def __init__(self, name: str, params: dict, rt) -> None:
        super().__init__(name, params, rt)
        self.times = params["scale"].bit_length() - 1  # validate: a power of two
        self.z_size = Application.of(params["noise"]).params["size"]  # a prior, by validate
        self.coarser: LaplacianGAN | None = None

    def bind(self, losses: dict[str, Loss]) -> None:
        """Find the coarser level once every loss of the run is built."""
        if self.params["coarser"] is not None:
            self.coarser = losses[self.params["coarser"]]  # validate: a laplacian_gan

    def level(self, x: Tensor) -> tuple[Tensor, Tensor | None]:
        """This level's image (B, C, h, w) and the upsampled coarser one (None at the top)."""
        image = shrink(x, self.times)
        return image, grow(shrink(image)) if self.coarser is not None else None

    def make(self, z: Tensor, low: Tensor | None, like: Tensor) -> Tensor:
        """G's residual (or, at the coarsest level, image) shaped like ``like``."""
        latent = z if low is None else torch.cat([z, low.flatten(1)], 1)  # (B, Z [+ Chw])
        return self.G(latent).reshape(like.shape)

    def score(self, sample: Tensor, low: Tensor | None) -> Tensor:
        """D's logit per sample, the coarser image stacked as channels when conditioned."""
        judged = sample if low is None else torch.cat([sample, low], 1)  # (B, [2]C, h, w)
        return self.judge(judged).reshape(len(sample))  # (B,)

    def noise_for(self, like: Tensor) -> Tensor:
        """This level's own noise (B, Z), one per example: levels train apart."""
        return super().prior(len(like), self.rt.generator, like.dtype)

    def discriminator(self, x: Tensor, y: Tensor | None) -> tuple[Tensor, Logs]:
        image, low = self.level(x)
        real = image if low is None else image - low
        with torch.no_grad():
            fake = self.make(self.noise_for(image), low, real)
        return self.judge_loss(self.score(real, low), self.score(fake, low))

    def generator(self, x: Tensor, y: Tensor | None) -> tuple[Tensor, Logs]:
        image, low = self.level(x)
        fake = self.make(self.noise_for(image), low, image)
        return self.generator_loss(self.score(fake, low))

    # ---- sampling: the chain from the coarsest level ---------------------------
    def prior(self, n: int, generator: torch.Generator, dtype: torch.dtype) -> Tensor:
        """Every level's noise, coarsest first: (n, Z₀ + … + Z_this)."""
        own = super().prior(n, generator, dtype)  # (n, Z)
        if self.coarser is None:
            return own
        return torch.cat([self.coarser.prior(n, generator, dtype), own], 1)

    def stages(self, latent: Tensor) -> list[Tensor]:
        """The chain's image at every level up to this one, coarsest first, each (n, C, h, w)."""
        z = latent[:, -self.z_size :]
        data = self.rt.train_x.shape[1:]  # (C, H, W)
        size = (len(latent), data[0], data[1] >> self.times, data[2] >> self.times)
        if self.coarser is None:
            return [self.G(z).reshape(size)]
        below = self.coarser.stages(latent[:, : -self.z_size])
        low = grow(below[-1])
        return [*below, low + self.make(z, low, low)]

    def decode(self, net: nn.Module, latent: Tensor) -> Tensor:
        """The finest stage, grown to the data's size (a coarse level's samples are blurry)."""
        return grow(self.stages(latent)[-1], self.times)
