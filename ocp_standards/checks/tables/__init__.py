"""Checks of tables, split by concern: the one fused pass over a table's blocks (`fused`),
structure and quality (`quality`), personal data (`privacy`), Table Schema conformance
(`schema`, judged column-wise by `schema_engine`) and unique keys (`duplicates`)."""
