"""``python -m nnspec`` is ``nnspec`` (torchrun launches it this way)."""

from nnspec.cli import main

if __name__ == "__main__":
    main()
