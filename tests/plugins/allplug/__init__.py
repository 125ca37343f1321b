"""A plugin package adding one kind of every category; the tests install it in tmp_path."""
