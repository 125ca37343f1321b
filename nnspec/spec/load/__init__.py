"""Reading a spec: from a file's bytes to one located tree, before any checking.

Safe YAML (``yaml_file``, ``yaml_rules``, ``readfile``), ``extends:`` and the files
it may read (``extends``, ``parents``), ``--set`` overrides, ``vars`` and ``$``
interpolation (``interpolate``, ``template``, ``expr``), and the language version
with the version-1 upgrade (``version``, ``v1``, ``upgrade``).
"""
