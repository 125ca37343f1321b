"""The ``mutual_information`` metric's implementation: InfoGAN's L_I over fresh draws.

Codes cycle through 0..K−1, so each value is drawn equally often (their entropy is
ln K, as the loss's uniform prior has); the noise comes from the evaluation
generator, so the figure is reproducible and evaluating never moves training's RNG.
"""

from __future__ import annotations

import torch

from nnspec.metrics.codes import code_information
from nnspec.metrics.impl_autoencoder import find_loss
from nnspec.train.evaluate import eval_batch, metric
from nnspec.train.sampling import evaluation_generator, sample_count
from nnspec.train.session import Session


@metric("mutual_information")
def mutual_information(params: dict, session: Session, split: str) -> dict[str, float]:
    loss = find_loss(session, params["loss"], "coder")
    n, generator = sample_count(session, params["samples"]), evaluation_generator(session.rt)
    codes = torch.arange(n, device=session.rt.device) % loss.codes  # (n,)
    chunks = codes.split(eval_batch(session))
    logits = torch.cat([loss.code_logits(chunk, generator) for chunk in chunks])  # (n, K)
    return code_information(logits, codes)
