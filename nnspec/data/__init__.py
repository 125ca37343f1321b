"""Built-in datasets, file loaders, transforms and splits (numpy; no torch here).

``load_data`` is the entry point; ``nnspec.data.batches.BatchStream`` (torch) turns
a split into batches.
"""

from nnspec.data.pipeline import load_data

__all__ = ["load_data"]
