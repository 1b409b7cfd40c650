"""ocp-standards: the Open City Platform standards as versioned rules, and the checker for them.

>>> from ocp_standards import RunOptions, check
>>> options = RunOptions(profile="procurement", as_of="2026-11-24")
>>> report = check(["examples/procurement/strong-bid.ocp.yaml"], options)
>>> report.summary.score, report.gate.passed
"""

from ._version import __version__
from .catalog.errors import CatalogError
from .model.report import Report
from .runner import check
from .settings.options import OptionsError, RunOptions

__all__ = ["CatalogError", "OptionsError", "Report", "RunOptions", "__version__", "check"]
