"""Subjects × ruleset → scored subject reports: evaluation (`evaluate`), scoring, roll-ups of
catalogues and bids, upcoming rules, the report's assembly, and parallel workers."""
