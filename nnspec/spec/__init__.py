"""The torch-free spec side: load, resolve, normalise, check, infer shapes.

``pipeline.resolve`` is the entry point: ``load/`` reads a file into one located
tree (YAML, extends, overrides, vars, versions), ``normalize`` gives every value
its canonical form against ``grammar`` and the registry, and ``check/`` runs the
static checks. ``typed`` offers the result as typed objects to the torch side;
``schema*`` generate the JSON Schema. The diff lives in ``nnspec.diff``.

Nothing under ``nnspec.spec`` may import torch, so ``validate`` and ``diff``
answer in a fraction of the time torch takes to import.
"""
