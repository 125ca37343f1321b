"""The spec diff: compare two specs, runs or git revisions (torch-free, like ``nnspec.spec``)."""
