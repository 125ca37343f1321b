"""Phase kinds of recurrent training beyond whole-sequence BPTT (lecture 003).

``tbptt`` trains on one long stream in windows, carrying the hidden state across
them (Williams and Peng's BPTT(k2; k1)); ``rtrl`` computes the recurrent gradient
forward in time, from sensitivities dh/dθ, with no unrolling (Williams and Zipser).
"""

from nnspec.registry import sequence_rules as rules
from nnspec.registry.core import declare
from nnspec.registry.info import PhaseInfo
from nnspec.registry.params import Int, Param, Ref
from nnspec.registry.phases import OPTIMIZER

LOSS = Param("loss", Ref("term"), doc="the loss or loss term to minimise")

declare(
    "phase",
    "tbptt",
    "Truncated BPTT over one long stream: the train split read as batch_size parallel "
    "streams, an update every k1 steps that backpropagates over the last k2; the hidden "
    "state carries across windows and restarts each epoch.",
    LOSS,
    OPTIMIZER,
    Param("k1", Int(1), doc="steps between updates (and the window whose errors count)"),
    Param("k2", Int(1), None, "steps each update backpropagates over; default k1"),
    Param("epochs", Int(1), doc="passes over the stream"),
    info=PhaseInfo(
        length=False,
        check=rules.check_tbptt,
        optimizer_steps=rules.steps_tbptt,
        planner="nnspec.train.tbptt:plan_tbptt",
        constraints=(rules.K2_MULTIPLE,),
    ),
)
declare(
    "phase",
    "rtrl",
    "Real-time recurrent learning: the first (recurrent) layer's gradient from "
    "sensitivities dh_t/dθ carried forward through each sequence, no backward through time.",
    LOSS,
    OPTIMIZER,
    info=PhaseInfo(
        length=True,
        check=rules.check_rtrl,
        optimizer_steps=rules.steps_rtrl,
        planner="nnspec.train.rtrl:plan_rtrl",
    ),
)
