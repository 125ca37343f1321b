"""Hyperparameter search over a spec, on Optuna (``nnspec sweep``).

``grammar``, ``space``, ``sweepfile`` and ``check`` read and check a sweep file without
torch or optuna; ``study`` drives Optuna and starts one ``trial`` process per trial.
"""
