"""rbm-readout-digits' lbfgs readout against scikit-learn's on the same frozen RBM features.

    python benchmarks/readout_vs_sklearn.py RUN_DIR [--spec specs/rbm-readout-digits.yaml]

RUN_DIR is a finished run of the spec. The script rebuilds its splits, loads last.pt,
takes the RBM's hidden probabilities, fits LogisticRegression(C=6000, lbfgs) as the
feature_accuracy metric does, and prints both fits' training cross-entropy, accuracies and
weight norms: how close the spec's full-batch L-BFGS came to the same optimum.
"""

from __future__ import annotations

import argparse

import numpy as np
import torch
import torch.nn.functional as F

from nnspec.api import load
from nnspec.metrics.impl_autoencoder import hidden_features
from nnspec.metrics.readout import READOUT_C, READOUT_MAX_ITER
from nnspec.train.prepare import prepare


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("run")
    parser.add_argument("--spec", default="specs/rbm-readout-digits.yaml")
    args = parser.parse_args()
    session, _ = prepare(load(args.spec), torch.device("cpu"), False)
    saved = torch.load(f"{args.run}/checkpoints/last.pt", weights_only=True)["networks"]
    for name, module in session.rt.networks.items():
        module.load_state_dict(saved[name])
    (x, y), (tx, ty) = session.rt.splits["train"], session.rt.splits["test"]
    readout = session.rt.network("readout")
    with torch.no_grad():
        logits, test_logits = readout(x), readout(tx)
    ce = float(F.cross_entropy(logits.double(), y))
    accuracy = float((logits.argmax(1) == y).double().mean())
    test = float((test_logits.argmax(1) == ty).double().mean())
    print(f"spec (lbfgs):  train CE {ce:.4f}  train acc {accuracy:.4f}  test acc {test:.4f}")
    sklearn_fit(hidden_features(session.rt.networks["rbm"], x), y, tx, ty, session)


def sklearn_fit(features, y, tx, ty, session) -> None:
    from sklearn.linear_model import LogisticRegression

    train = features.double().numpy()
    test = hidden_features(session.rt.networks["rbm"], tx).double().numpy()
    # tol 1e-4: scikit-learn's default, as feature_accuracy fits; 1e-10: run to the optimum
    for tol in (1e-4, 1e-10):
        clf = LogisticRegression(C=READOUT_C, max_iter=READOUT_MAX_ITER, tol=tol, random_state=0)
        clf.fit(train, y.numpy())
        p = clf.predict_proba(train)[np.arange(len(y)), y.numpy()]
        print(
            f"scikit-learn (tol {tol:g}):  train CE {-np.mean(np.log(p)):.4f}  train acc "
            f"{clf.score(train, y.numpy()):.4f}  test acc {clf.score(test, ty.numpy()):.4f}  "
            f"({clf.n_iter_[0]} iterations)"
        )


if __name__ == "__main__":
    main()
