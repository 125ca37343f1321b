"""The torch-free spec side: load, resolve, normalise, check, infer shapes, diff.

Nothing under ``nnspec.spec`` may import torch, so ``validate`` and ``diff``
answer in a fraction of the time torch takes to import.
"""
