"""Metadata formats, every one into one MetadataRecord (see model/metadata.py).

One module per format (datapackage, pod, ckan, dcat) maps its fields; common.py turns records
into Subjects; reader.py recognises the formats and registers the metadata readers.
"""
