"""dcgan-digits' generator and discriminator widened to MNIST's size, on a synthetic set of
60,000 28x28 images: training images per second of ``nnspec run``.

    python benchmarks/dcgan_throughput.py [--device cuda] [--steps 2000] [--batch 64]

The images are uniform noise in an NPZ file (the speed does not depend on what they show);
images per second counts the real images the discriminator sees, one batch per
adversarial cycle (two updates), over summary.json's training time.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SPEC = """\
nnspec: 2
name: dcgan-mnist-sized
data:
  dataset: {{npz: {{path: images.npz, x: x, shape: [1, 28, 28]}}}}
  transforms: [{{scale: {{from: [0, 255], to: [0, 1]}}}}]
  batch_size: {batch}
networks:
  G:
    input: [100]
    layers:
      - {{linear: 6272}}
      - relu
      - {{unflatten: [128, 7, 7]}}
      - {{conv_transpose2d: {{out: 64, kernel: 4, stride: 2, padding: 1}}}}
      - batch_norm
      - relu
      - {{conv_transpose2d: {{out: 1, kernel: 4, stride: 2, padding: 1}}}}
      - sigmoid
  D:
    layers:
      - {{conv2d: {{out: 64, kernel: 4, stride: 2, padding: 1}}}}
      - {{leaky_relu: 0.2}}
      - {{conv2d: {{out: 128, kernel: 4, stride: 2, padding: 1}}}}
      - {{leaky_relu: 0.2}}
      - flatten
      - {{linear: 1}}
losses:
  gan: {{type: minimax, generator: G, discriminator: D, noise: {{normal: 100}}}}
optimizers:
  opt_d: {{type: adam, params: [D], lr: 2.0e-4, betas: [0.5, 0.999]}}
  opt_g: {{type: adam, params: [G], lr: 2.0e-4, betas: [0.5, 0.999]}}
schedule:
  - phase: adversarial
    alternate:
      - {{loss: gan.discriminator, optimizer: opt_d}}
      - {{loss: gan.generator, optimizer: opt_g}}
    steps: {cycles}
outputs: {{plots: false}}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="cuda", choices=["cpu", "cuda"])
    parser.add_argument("--steps", type=int, default=2000, help="adversarial cycles")
    parser.add_argument("--batch", type=int, default=64)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rng = np.random.default_rng(0)
        x = rng.integers(0, 256, size=(60000, 1, 28, 28), dtype=np.uint8)
        np.savez(Path(tmp) / "images.npz", x=x)
        spec = Path(tmp) / "dcgan.yaml"
        spec.write_text(SPEC.format(batch=args.batch, cycles=args.steps))
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        }
        cmd = [sys.executable, "-m", "nnspec", "run", str(spec), "--out", f"{tmp}/run"]
        subprocess.run([*cmd, "--device", args.device], env=env, check=True, cwd=tmp,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        summary = json.loads((Path(tmp) / "run" / "summary.json").read_text())
    images = summary["steps"] // 2 * args.batch
    print(f"dcgan (MNIST-sized, {args.device}): {images / summary['seconds']:.0f} images/s "
          f"({summary['steps']} updates in {summary['seconds']:.1f} s)")  # fmt: skip


if __name__ == "__main__":
    main()
