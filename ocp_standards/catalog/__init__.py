"""Catalog: load standards and profiles from data files, validate them, and resolve a Ruleset."""

from .errors import CatalogError
from .loader import Catalog, load_catalog
from .ruleset import ActiveRule, Ruleset, resolve_ruleset

__all__ = ["ActiveRule", "Catalog", "CatalogError", "Ruleset", "load_catalog", "resolve_ruleset"]
