"""Phase kinds: the units the scheduler runs, in order.

Each carries a ``PhaseInfo``: whether it takes the common ``steps`` or ``epochs``
key (``length``) or sets its own, its static check and optimizer-step count (in
``nnspec.registry.phase_rules``) and its planner on the torch side.
"""

from nnspec.registry import phase_rules as rules
from nnspec.registry.core import declare
from nnspec.registry.info import PhaseInfo
from nnspec.registry.params import Choice, Int, ListOf, Param, Ref, RefOrTyped, Struct

OPTIMIZER = Param(
    "optimizer",
    RefOrTyped("optimizer", "optimizer"),
    doc="an optimizer's name, or one written inline",
)

declare(
    "phase",
    "train",
    "Minimise one loss (or loss term) with one optimizer.",
    Param("loss", Ref("term"), doc="the loss or loss term to minimise"),
    OPTIMIZER,
    info=PhaseInfo(
        length=True,
        accumulates=True,
        full_batch=True,
        check=rules.check_train,
        optimizer_steps=rules.steps_train,
        planner="nnspec.train.planners:plan_train",
        streams=True,
    ),
)
declare(
    "phase",
    "alternate",
    "Cycle through steps (GAN Algorithm 1: k discriminator steps, then one generator step).",
    Param(
        "cycle",
        ListOf(
            Struct(
                (
                    Param("loss", Ref("term"), doc="the loss term this step minimises"),
                    Param(
                        "optimizer",
                        Ref("optimizer"),
                        doc="the name of an entry of optimizers: (never inline: its state "
                        "lasts across cycles)",
                    ),
                    Param(
                        "repeat", Int(1), 1, "steps per cycle, each on a fresh batch (k, n_critic)"
                    ),
                    Param("warmup_repeat", Int(1), None, "repeat during the first warmup_cycles"),
                    Param("warmup_cycles", Int(0), 0, "cycles that use warmup_repeat (WGAN: 25)"),
                )
            ),
            min_len=1,
        ),
        doc="the steps of one cycle",
    ),
    main="cycle",
    info=PhaseInfo(
        length=True,
        check=rules.check_alternate,
        optimizer_steps=rules.steps_alternate,
        planner="nnspec.train.planners:plan_alternate",
        streams=True,
    ),
)
declare(
    "phase",
    "layerwise",
    "Greedy layer-wise pretraining: train each layer of a stack on the up-pass of those below.",
    Param("stack", Ref("network"), doc="an rbm_stack or autoencoder_stack"),
    Param(
        "loss",
        Ref("loss"),
        doc="the per-layer loss (cd, or reconstruction for a stack), or a sum of losses of the "
        "stack, whose weighted terms each level minimises (a stacked CAE)",
    ),
    OPTIMIZER,
    Param("epochs", Int(1), doc="epochs per layer"),
    Param(
        "input",
        Choice(("mean", "sample")),
        "mean",
        "feed the layer above mean-field probabilities or binary samples",
    ),
    info=PhaseInfo(
        length=False,
        check=rules.check_layerwise,
        optimizer_steps=rules.steps_layerwise,
        planner="nnspec.train.planners:plan_layerwise",
    ),
)
declare(
    "phase",
    "store",
    "Store the training patterns in a Hopfield network (Hebbian rule).",
    Param("network", Ref("network"), doc="the hopfield network"),
    info=PhaseInfo(
        length=False,
        check=rules.check_store,
        optimizer_steps=rules.steps_store,
        planner="nnspec.train.planners:plan_store",
    ),
)
