"""``python -m nnspec`` is ``nnspec`` (torchrun launches it this way)."""

from nnspec.cli import entry

if __name__ == "__main__":
    entry()
