"""``extends`` reads only specs, only from allowed folders, and never echoes another file.

A spec may come from an untrusted pull request that CI validates, so each case
also checks that no byte of the named file reaches the output, in any format.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from nnspec import api
from nnspec.errors import SpecError
from nnspec.registry.params import quoted
from nnspec.spec.load.readfile import Unreadable, read_spec_bytes

BASE = """\
nnspec: 2
data: {dataset: digits, split: {test: 0.2}, batch_size: 32}
networks:
  mlp: {layers: [{linear: 8}, relu, {linear: 10}]}
losses: {xent: {type: cross_entropy, model: mlp}}
schedule: [{train: {loss: xent, optimizer: {type: sgd, lr: 0.1}}, epochs: 1}]
"""
PASSWD = (
    "root:x:0:0:root:/root:/bin/bash\n"
    "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
)  # fmt: skip
ENV = "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG\n"
SECRETS = ("root:x", "/bin/bash", "nologin", "AKIAIOSFODNN7", "wJalr", "AWS_")
NOT_REGULAR = "is not a regular file (it is a device, FIFO or socket)"
NOT_YAML = "  expected: a spec file ending in .yaml or .yml"


def not_a_spec(name: str, reason: str, line: int = 2) -> str:
    """The refusal of a parent that is not a spec; ``reason`` may end with its own suffix."""
    suffix = "" if "(at extends)" in reason else " (at extends)"
    return (
        f"spec.yaml:{line}:10: error: '{name}' named by extends is not an nnspec spec: "
        f"{reason}{suffix}"
    )


def assert_nothing_echoed(output: str) -> None:
    assert not [secret for secret in SECRETS if secret in output], output


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("passwd.yaml", PASSWD,
         not_a_spec("passwd.yaml", "the top level of a spec must be a mapping (passwd.yaml:1:1)")),
        (".env.yaml", ENV,
         not_a_spec(".env.yaml", "the top level of a spec must be a mapping (.env.yaml:1:1)")),
        ("passwd", PASSWD,
         "spec.yaml:2:10: error: 'passwd' is not a YAML file; extends reads only specs "
         f"(at extends)\n{NOT_YAML}"),
        (".env", ENV,
         "spec.yaml:2:10: error: '.env' is not a YAML file; extends reads only specs "
         f"(at extends)\n{NOT_YAML}"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_a_file_that_is_not_a_spec_is_never_echoed(
    write_spec, cli, name: str, text: str, expected: str, fmt: str
) -> None:
    write_spec(text, name)
    write_spec(f"nnspec: 2\nextends: {name}\n")
    result = cli("validate", "spec.yaml", "--format", fmt)
    assert result.exit_code == 1, result.output
    assert_nothing_echoed(result.stdout + result.stderr)
    if fmt == "text":
        assert result.stdout == expected + "\n"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("AWS_SECRET_ACCESS_KEY: wJalrXUtnFEMI/K7MDENG\n",
         "a key is not a spec section (secret.yaml:1:1)"),
        ("data: 1\nAWS_: wJalr\nAWS_: wJalr\n",
         "duplicate key (first defined at line 2) (secret.yaml:3:1) (at extends); "
         "remove one of the two"),
        ("seed: 1\nseed: wJalr\n",
         "duplicate key (first defined at line 1) (secret.yaml:2:1) (at extends); "
         "remove one of the two"),
        ("seed: !vault wJalr\n",
         "the tag is not allowed; specs hold plain data only (secret.yaml:1:7)"),
        ("seed: !!int wJalr\n", "a value does not fit its type (secret.yaml:1:7)"),
        ("seed: *wJalr\n",
         "invalid YAML: found undefined alias (text not shown) (secret.yaml:1:7)"),
        ("seed: 1\n  wJalr: 2\n",
         "invalid YAML: mapping values are not allowed here (secret.yaml:2:8)"),
        ("? [wJalr]\n: 1\n", "a mapping key must be a plain name (secret.yaml:1:3)"),
        ("? AWS_1\n: wJalr\n", "a key is not a spec section (secret.yaml:1:3)"),
        ("nnspec: wJalr\n",
         "the language version must be a positive integer (secret.yaml:1:9)"),
        ("", "the spec is empty (secret.yaml:1:1)"),
        ("\t- wJalr\n",
         "a tab is used for indentation; YAML indents with spaces only (secret.yaml:1:1)"),
        (b"AWS_SECRET=\xff\n", "the file is not valid UTF-8 (secret.yaml:1:12)"),
        (b"AWS_SECRET=\x00\n", "this is a binary file, not a YAML spec (secret.yaml:1:1)"),
    ],
)  # fmt: skip
def test_a_broken_parent_is_named_by_its_mistake_only(
    write_spec, cli, text: str | bytes, reason: str
) -> None:
    write_spec(text, "secret.yaml")
    write_spec("nnspec: 2\nextends: secret.yaml\n")
    result = cli("validate", "spec.yaml")
    assert result.exit_code == 1, result.output
    assert_nothing_echoed(result.stdout + result.stderr)
    assert result.stdout.splitlines()[0] == not_a_spec("secret.yaml", reason)


def test_a_misspelt_section_in_a_parent_gets_a_did_you_mean(write_spec, errors_of) -> None:
    write_spec(BASE.replace("losses:", "loses:"), "base.yaml")
    assert errors_of("extends: base.yaml\n") == not_a_spec(
        "base.yaml",
        "a key is not a spec section (base.yaml:5:1) (at extends); did you mean 'losses'?",
        line=1,
    )


def test_the_top_level_spec_still_shows_what_it_received(errors_of) -> None:
    assert errors_of(PASSWD) == (
        "spec.yaml:1:1: error: the top level of a spec must be a mapping\n"
        "  expected: a mapping of sections\n"
        "  received: 'root:x:0:0:root:/root:/bin/bash daemon:x:1:1:daemon:/usr/sbi…' (a string)"
    )


def outside(tmp_path: Path) -> Path:
    """``tmp_path/outside/base.yaml``, a valid spec beside the project ``tmp_path/proj``."""
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "base.yaml").write_text(BASE)
    (tmp_path / "proj").mkdir()
    return tmp_path / "outside" / "base.yaml"


def leads_outside(name: str, roots: str = "./") -> str:
    return (
        f"spec.yaml:1:10: error: {quoted(name)} leads outside the folders extends may read "
        "(at extends); to read specs from another folder, pass --allow-root DIR\n"
        f"  expected: a spec under {roots}"
    )


@pytest.mark.parametrize("how", ["relative", "absolute", "link"])
def test_a_parent_outside_the_spec_folder_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli, how: str
) -> None:
    base = outside(tmp_path)
    monkeypatch.chdir(tmp_path / "proj")
    name = {"relative": "../outside/base.yaml", "absolute": str(base), "link": "link.yaml"}[how]
    Path("link.yaml").symlink_to(base)
    Path("spec.yaml").write_text(f"extends: {name}\n")
    result = cli("validate", "spec.yaml")
    assert (result.exit_code, result.stdout) == (1, leads_outside(name) + "\n")
    allowed = cli("validate", "spec.yaml", "--allow-root", "../outside")
    assert (allowed.exit_code, allowed.stdout) == (0, "spec.yaml: ok\n")


def test_allow_root_is_taken_by_show_and_diff_and_the_api(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli
) -> None:
    outside(tmp_path)
    monkeypatch.chdir(tmp_path / "proj")
    Path("spec.yaml").write_text("extends: ../outside/base.yaml\n")
    assert cli("show", "spec.yaml").exit_code == 1
    assert cli("show", "spec.yaml", "--allow-root", "../outside").exit_code == 0
    assert cli("diff", "spec.yaml", "spec.yaml").exit_code == 2
    assert cli("diff", "spec.yaml", "spec.yaml", "--allow-root", "../outside").exit_code == 0
    with pytest.raises(SpecError, match="leads outside the folders extends may read"):
        api.load("spec.yaml")
    assert api.load("spec.yaml", allow_roots=["../outside"]).tree["data"]["batch_size"] == 32


def test_the_roots_are_listed_when_refused(tmp_path: Path, monkeypatch, cli) -> None:
    outside(tmp_path)
    (tmp_path / "other").mkdir()
    monkeypatch.chdir(tmp_path / "proj")
    Path("spec.yaml").write_text("extends: /x/base.yaml\n")
    result = cli("validate", "spec.yaml", "--allow-root", "../other")
    assert result.stdout == leads_outside("/x/base.yaml", f"./ or {tmp_path / 'other'}/") + "\n"


@pytest.mark.parametrize("marker", ["dir", "file"])  # a worktree's or submodule's .git is a file
def test_in_a_repository_any_of_its_specs_may_be_extended(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli, marker: str
) -> None:
    outside(tmp_path)
    (tmp_path / ".git").mkdir() if marker == "dir" else (tmp_path / ".git").write_text("gitdir: x")
    monkeypatch.chdir(tmp_path / "proj")
    Path("spec.yaml").write_text("extends: ../outside/base.yaml\n")
    assert cli("validate", "spec.yaml").stdout == "spec.yaml: ok\n"


def test_a_link_may_stay_inside(write_spec, cli) -> None:
    write_spec(BASE, "lib/base.yaml")
    Path("base.yaml").symlink_to("lib/base.yaml")
    write_spec("extends: base.yaml\n")
    assert cli("validate", "spec.yaml").stdout == "spec.yaml: ok\n"


def test_a_link_to_a_file_that_is_not_yaml_is_refused(write_spec, errors_of) -> None:
    write_spec(ENV, "env")
    Path("env.yaml").symlink_to("env")
    assert errors_of("extends: env.yaml\n") == (
        f"spec.yaml:1:10: error: 'env.yaml' is not a YAML file; extends reads only specs "
        f"(at extends)\n{NOT_YAML}"
    )


def unreadable(name: str, reason: str) -> str:
    return f"spec.yaml:1:10: error: the spec '{name}' named by extends {reason} (at extends)"


def test_a_directory_and_a_fifo_are_refused_without_opening(write_spec, errors_of) -> None:
    Path("dir.yaml").mkdir()
    os.mkfifo("fifo.yaml")  # opening it would wait for a writer forever
    assert errors_of("extends: dir.yaml\n") == unreadable(
        "dir.yaml", "is a directory, not a spec file"
    )
    assert errors_of("extends: fifo.yaml\n") == unreadable("fifo.yaml", NOT_REGULAR)


@pytest.mark.parametrize("target", ["/dev/zero", "/proc/self/mem"])
def test_a_link_to_a_device_or_proc_file_is_refused_by_its_name(
    write_spec, errors_of, target: str
) -> None:
    Path("odd.yaml").symlink_to(target)
    assert errors_of("extends: odd.yaml\n", "--allow-root", "/dev", "--allow-root", "/proc") == (
        f"spec.yaml:1:10: error: 'odd.yaml' is not a YAML file; extends reads only specs "
        f"(at extends)\n{NOT_YAML}"
    )


def test_a_device_named_like_a_spec_is_refused_without_opening(write_spec, errors_of) -> None:
    try:
        os.mknod("zero.yaml", 0o600 | stat.S_IFCHR, os.makedev(1, 5))  # as /dev/zero
    except OSError:
        pytest.skip("cannot make a device node here")
    assert errors_of("extends: zero.yaml\n") == unreadable("zero.yaml", NOT_REGULAR)


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("/dev/zero", NOT_REGULAR),
        ("/proc/self/mem", "cannot be read (Input/output error)"),  # a regular file of 0 bytes
    ],
)
def test_the_reader_refuses_devices_and_proc_files(target: str, reason: str) -> None:
    if not Path(target).exists():
        pytest.skip(f"no {target} here")
    with pytest.raises(Unreadable) as caught:
        read_spec_bytes(Path(target), target)
    assert str(caught.value) == reason


def test_an_unreadable_parent(write_spec, errors_of, monkeypatch) -> None:
    # Tests may run as root, whom chmod 000 does not stop: the refusal is simulated.
    write_spec(BASE, "locked.yaml")
    real_open = os.open

    def deny(path, *args, **kwargs):
        if str(path).endswith("locked.yaml"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("nnspec.spec.load.readfile.os.open", deny)
    assert errors_of("extends: locked.yaml\n") == unreadable(
        "locked.yaml", "cannot be read (permission denied)"
    )


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("fifo.yaml", f"the spec file fifo.yaml {NOT_REGULAR}"),
        ("/dev/zero", f"the spec file /dev/zero {NOT_REGULAR}"),
        # /proc/self is a link, followed to this process's own folder
        ("/proc/self/mem",
         f"the spec file /proc/{os.getpid()}/mem cannot be read (Input/output error)"),
    ],
)  # fmt: skip
def test_an_odd_top_level_file_is_a_usage_error(write_spec, cli, name: str, message: str) -> None:
    os.mkfifo(write_spec(BASE).parent / "fifo.yaml")
    result = cli("validate", name)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message + "\n")
