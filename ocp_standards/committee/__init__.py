"""The standards committee's tools: diff, impact, changelog, lint, new versions, upcoming rules.

They read standards trees through the catalog and never change a released version.
"""
