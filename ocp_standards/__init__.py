"""ocp-standards: the Open City Platform standards as versioned rules, and the checker for them.

>>> from ocp_standards import check
>>> report = check(["examples/procurement/strong-bid.ocp.yaml"], profile="procurement")
>>> report.summary.score, report.gate.passed
"""

from ._version import __version__
from .catalog.errors import CatalogError
from .model.report import Report
from .runner import check

__all__ = ["CatalogError", "Report", "__version__", "check"]
