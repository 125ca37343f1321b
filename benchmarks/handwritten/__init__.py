"""The same models as the bundled specs, written by hand in plain PyTorch.

Each module exposes ``make(x, y, seed) -> step`` where ``step()`` performs one
training update exactly as a careful user would write it. benchmarks/overhead.py
times these against nnspec's loop on the same data.
"""
