"""``nnspec evaluate``, ``predict`` and ``export``: use a finished run directory.

Registered on the main group by ``nnspec.cli.commands``; torch is imported only inside the
commands, after checking that the train extra is installed.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from nnspec.cli.commands import reported
from nnspec.cli.render import console
from nnspec.errors import UsageError
from nnspec.extras import need_train

RUN = click.argument("run", type=click.Path(file_okay=False))
CHECKPOINT = click.option(
    "--checkpoint",
    type=click.Choice(["last", "best"]),
    default="last",
    help="last.pt (whose metrics summary.json holds) or best.pt",
)
DEVICE = click.option("--device", type=click.Choice(["cpu", "cuda"]), default="cpu")


@click.command()
@RUN
@click.option("--data", type=click.Path(dir_okay=False), help="a CSV, NPY or NPZ file of new data")
@click.option("--split", "splits", multiple=True, help="a split of the run (train, val, test)")
@click.option("--metric", "metrics", multiple=True, help="a metric of the spec (default: all)")
@CHECKPOINT
@DEVICE
@click.option("--json", "as_json", is_flag=True, help="print the metrics as one JSON object")
@reported
def evaluate(
    run: str,
    data: str | None,
    splits: tuple[str, ...],
    metrics: tuple[str, ...],
    checkpoint: str,
    device: str,
    as_json: bool,
) -> None:
    """Compute the spec's metrics on a run's splits, or on new data (as data/<metric>)."""
    need_train()
    from nnspec.use.evaluate import evaluate_run
    from nnspec.use.load_run import load_run

    loaded = load_run(run, checkpoint, device, full=True)
    values = evaluate_run(loaded, splits, metrics, None if data is None else Path(data))
    if as_json:
        click.echo(json.dumps(values))
        return
    out = console()
    for name, value in values.items():
        out.print(f"{name}  {value:.6g}", markup=False)


@click.command()
@RUN
@click.option("--data", type=click.Path(dir_okay=False), help="a CSV, NPY or NPZ file of inputs")
@click.option("--samples", type=int, help="draw N samples from a generator or VAE decoder")
@click.option("--network", help="the network to run (default: the spec's main one)")
@click.option(
    "--out", type=click.Path(dir_okay=False), help="FILE.csv or FILE.npy (default: CSV on stdout)"
)
@click.option("--seed", type=int, help="seed for --samples (default: the run's evaluation seed)")
@CHECKPOINT
@DEVICE
@reported
def predict(
    run: str,
    data: str | None,
    samples: int | None,
    network: str | None,
    out: str | None,
    seed: int | None,
    checkpoint: str,
    device: str,
) -> None:
    """Write a run's predictions for new inputs, or samples of a generative network."""
    if (data is None) == (samples is None):
        raise UsageError("give either --data FILE (inputs to predict for) or --samples N")
    need_train()
    from nnspec.use.load_run import load_run
    from nnspec.use.newdata import read_new
    from nnspec.use.predict import predict as predict_inputs
    from nnspec.use.predict import sample
    from nnspec.use.write import write_predictions

    loaded = load_run(run, checkpoint, device)
    if samples is not None:
        result = {"samples": sample(loaded, samples, network, seed)}
    else:
        inputs = read_new(Path(data), loaded.resolved.typed.data)["x"]
        result = predict_inputs(loaded, inputs, network)
    written = write_predictions(result, None if out is None else Path(out))
    if written:
        console(stderr=True).print(written, markup=False)


@click.command()
@RUN
@click.option(
    "--format", "fmt", type=click.Choice(["torchscript", "onnx", "state_dict"]), required=True
)
@click.option("--network", help="the network to export (default: the spec's main one)")
@click.option("--out", type=click.Path(dir_okay=False), help="default DIR/export/NETWORK.<format>")
@CHECKPOINT
@reported
def export(run: str, fmt: str, network: str | None, out: str | None, checkpoint: str) -> None:
    """Export a trained network, checked against the eager module on a batch of data."""
    need_train()
    from nnspec.use.export import export as export_network
    from nnspec.use.export import need_onnx

    if fmt == "onnx":
        need_onnx()  # before the run is loaded: exit 2 at once
    from nnspec.use.load_run import load_run

    loaded = load_run(run, checkpoint, full=True)
    path, diff = export_network(loaded, fmt, network, None if out is None else Path(out))
    console().print(f"wrote {path}; largest difference from the module: {diff:.3g}", markup=False)
