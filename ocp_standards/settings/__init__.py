"""What shapes a run, read before anything else: options (`RunOptions`), config files, limits,
the network policy, the per-check time limit and the run's "now".

Nothing is imported here, so that a reader deep in `sources/` importing `settings.limits` does not
pull in `RunOptions` (which knows the waiver and baseline file formats).
"""
