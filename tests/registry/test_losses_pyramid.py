"""validate's rules for laplacian_gan levels: data, scales, the coarser level, G and D shapes."""

from __future__ import annotations

from pathlib import Path

import pytest

LAPGAN = (Path(__file__).resolve().parents[2] / "specs" / "lapgan-digits.yaml").read_text()


def test_the_bundled_pyramid_validates(write_spec, cli) -> None:
    assert cli("validate", write_spec(LAPGAN)).exit_code == 0


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "scale: 2, coarser: level2",
            "scale: 3, coarser: level2",
            "spec.yaml:43:95: error: scale 3 is not a power of two (at losses.level4.scale)\n"
            "  expected: 1, 2, 4, 8 or another power of two\n"
            "  received: 3",
        ),
        (
            "scale: 2, coarser: level2",
            "scale: 2, coarser: judges",
            "spec.yaml:43:107: error: loss 'judges' is not a level of a Laplacian pyramid "
            "(at losses.level4.coarser)\n"
            "  expected: a laplacian_gan loss\n"
            "  received: 'judges' (sum)",
        ),
        (
            "noise: {normal: $z}, coarser: level4",
            "noise: {normal: $z}, coarser: level2",
            "spec.yaml:44:97: error: loss 'level2' is the coarser level of 'level8' (scale 1) "
            "(at losses.level8.coarser)\n"
            "  expected: scale 2\n"
            "  received: scale 4",
        ),
        (
            "scale: 4}",
            "scale: 16}",
            "spec.yaml:42:11: error: the data's 8×8 images cannot be halved down to this level "
            "(at losses.level2)\n"
            "  expected: sides divisible by 16\n"
            "  received: (1, 8, 8)",
        ),
        (
            "input: [$(z + 64)]",
            "input: [$(z + 16)]",
            "spec.yaml:29:5: error: network 'G8' input (32) does not fit: it takes the noise and "
            "the upsampled coarser image (at networks.G8)\n"
            "  expected: (80)\n"
            "  received: (32)",
        ),
        (
            "{linear: 16}]",
            "{linear: 12}]",
            "spec.yaml:23:5: error: network 'G4' output (12) does not fit: it generates one "
            "level's image (at networks.G4)\n"
            "  expected: (1, 4, 4)\n"
            "  received: (12)",
        ),
        (
            "input: [2, 8, 8]",
            "input: [1, 8, 8]",
            "spec.yaml:32:5: error: network 'D8' input (1, 8, 8) does not fit: it takes the "
            "residual and the upsampled coarser image, stacked as channels (at networks.D8)\n"
            "  expected: (2, 8, 8)\n"
            "  received: (1, 8, 8)",
        ),
    ],
)
def test_a_broken_level_is_a_located_error(errors_of, edit, old, new, message) -> None:
    assert errors_of(edit(LAPGAN, old, new)).split("\nspec.yaml")[0] == message


def test_flat_data_has_no_pyramid(errors_of, edit) -> None:
    flat = edit(LAPGAN, "dataset: {digits: {layout: image}}", "dataset: digits")
    assert errors_of(flat).startswith(
        "spec.yaml:42:11: error: loss 'level2' builds a Laplacian pyramid of images "
        "(at losses.level2)\n"
        "  expected: (channels, height, width)\n"
        "  received: (64)"
    )
