"""Using a finished run: load it, evaluate it, predict with it, export its networks.

Everything here reads a run directory (``nnspec run --out DIR``) and imports torch.
"""
