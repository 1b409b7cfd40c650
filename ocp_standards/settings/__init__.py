"""What shapes a run: its options (profile, dates, gate, limits, network, time limit, files)."""

from .options import OptionsError, RunOptions

__all__ = ["OptionsError", "RunOptions"]
