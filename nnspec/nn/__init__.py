"""The torch side: builders that turn normalised layer declarations into modules."""
