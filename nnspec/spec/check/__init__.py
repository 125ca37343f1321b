"""Static checks of a normalised spec; ``core.check`` runs them all, in order.

Names between sections (``references``), what each kind needs (``kind_checks``,
``metric_checks``, ``metric_networks``), data files, the schedule, loss sums, the
data and evaluation, and shapes (``shapes`` per network, ``section_shapes`` across
sections). ``soundness`` says which parts are sound enough to check.
"""
