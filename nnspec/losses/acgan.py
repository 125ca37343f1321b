"""AC-GAN (Odena et al. 2017): D also classifies real and generated samples by class.

D minimises the minimax loss plus λ·[CE(C(x), y) + CE(C(G(z, y)), y)]; G minimises its
non-saturating loss plus λ·CE(C(G(z, y)), y). Each fake takes its real example's label,
so generated classes follow the data's.
"""

from __future__ import annotations

import torch.nn.functional as F
from torch import Tensor

from nnspec.losses.adversarial import Minimax
from nnspec.losses.base import Logs, fed, loss


@loss("acgan")
class ACGAN(Minimax):
    def __init__(self, name: str, params: dict, rt) -> None:
        super().__init__(name, params, rt)
        self.classify = self.net("classifier")

    def score(self, sample: Tensor, y: Tensor | None) -> Tensor:
        return fed(self.judge, sample, y).reshape(len(sample))  # (B,): D never sees labels

    def classes(self, sample: Tensor, y: Tensor) -> Tensor:
        return F.cross_entropy(fed(self.classify, sample, y), y.long())

    def discriminator(self, x: Tensor, y: Tensor | None) -> tuple[Tensor, Logs]:
        fake = self.fakes(x, y)
        value, logs = self.judged(x, y, fake)
        ce = self.classes(x, y) + self.classes(fake, y)
        total = value + self.params["weight"] * ce
        return total, {**logs, "loss": total.detach(), "class_ce": ce.detach()}

    def generator(self, x: Tensor, y: Tensor | None) -> tuple[Tensor, Logs]:
        fake = self.generate(self.latent(x, y), x, y)
        value, logs = self.generator_loss(self.score(fake, y))
        ce = self.classes(fake, y)
        total = value + self.params["weight"] * ce
        return total, {**logs, "loss": total.detach(), "class_ce": ce.detach()}
