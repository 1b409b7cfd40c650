"""Typed data models shared by every stage: rules, standards, profiles, reports, manifests."""
