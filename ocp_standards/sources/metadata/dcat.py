"""DCAT (DCAT-AP 2/3) as Turtle, RDF/XML or JSON-LD -> one MetadataRecord per dcat:Dataset.

Offline by default: a JSON-LD document whose `@context` is remote is refused with a finding,
because resolving it would fetch a URL (rdflib would do so silently). RDF/XML is parsed by expat,
which does not resolve external entities.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

from ...model.metadata import (
    Distribution,
    MetadataRecord,
    normalise_access,
    normalise_frequency,
)
from .common import FieldMap

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SCHEMA = Namespace("http://schema.org/")
LOCN = Namespace("http://www.w3.org/ns/locn#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
#: Preferred language of literals when a value is given in several.
LANGS = ("en", "", None)

RDF_SUFFIXES = {".ttl": "turtle", ".rdf": "xml", ".owl": "xml", ".jsonld": "json-ld", ".n3": "n3"}


class RdfError(ValueError):
    """The RDF cannot be parsed (or would need the network)."""


@dataclass
class RdfSource:
    """One parsed RDF file, shared by the subjects made from it (SHACL runs once per file)."""

    graph: Graph
    text: str
    fmt: str
    shacl_cache: dict[str, Any] = field(default_factory=dict)

    def line_of(self, node: str) -> int | None:
        """First line mentioning the node's IRI (rdflib keeps no positions)."""
        for needle in (f"<{node}>", f'"{node}"', node):
            at = self.text.find(needle)
            if at >= 0:
                return self.text.count("\n", 0, at) + 1
        return None


def remote_contexts(data: Any, found: list[str] | None = None) -> list[str]:
    """Every remote `@context` (or `@import`) reference in a JSON-LD document."""
    found = [] if found is None else found
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("@context", "@import"):
                items = value if isinstance(value, list) else [value]
                for item in items:
                    if isinstance(item, str):
                        found.append(item)
                    else:
                        remote_contexts(item, found)
            else:
                remote_contexts(value, found)
    elif isinstance(data, list):
        for item in data:
            remote_contexts(item, found)
    return found


_DTD_ENTITY = re.compile(r"<!DOCTYPE[^>\[]*\[[^\]]*<!ENTITY", re.I | re.S)


def parse_rdf(text: str, fmt: str, base: str) -> RdfSource:
    if fmt == "json-ld":
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise RdfError(f"not valid JSON: {exc}") from None
        remote = remote_contexts(data)
        if remote:
            raise RdfError(
                f"the JSON-LD @context {remote[0]} is remote and cannot be fetched offline; "
                "embed the context in the document (the network is only used with --online)"
            )
    if fmt == "xml" and _DTD_ENTITY.search(text[:1_000_000]):
        # Entity declarations are how XML bombs and external-entity reads are built; RDF/XML
        # never needs them, and expat takes minutes to give up on a billion-laughs file.
        raise RdfError(
            "the document declares XML entities in a DOCTYPE; refused (entity expansion and "
            "external entities are not allowed)"
        )
    graph = Graph()
    try:
        graph.parse(data=text, format=fmt, publicID=base)
    except Exception as exc:  # rdflib raises many parser-specific types
        message = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else ""
        raise RdfError(f"not valid {fmt}: {type(exc).__name__}: {message}") from None
    return RdfSource(graph, text, fmt)


def is_jsonld_dcat(data: Any) -> bool:
    """A JSON document that is JSON-LD (a @context with @graph or @type) — not a data.json."""
    return (
        isinstance(data, dict)
        and "@context" in data
        and ("@graph" in data or "@type" in data or "@id" in data)
        and not isinstance(data.get("dataset"), list)
    )


def literal(g: Graph, node: Any, prop: URIRef) -> str | None:
    values = list(g.objects(node, prop))
    if not values:
        return None
    for lang in LANGS:
        for v in values:
            if isinstance(v, Literal) and (v.language or "") == (lang or ""):
                return str(v).strip() or None
    v = values[0]
    return str(v).strip() or None


def _all(g: Graph, node: Any, prop: URIRef) -> list[str]:
    out = []
    for v in g.objects(node, prop):
        if (
            isinstance(v, Literal)
            and v.language not in (None, "", "en")
            and any(
                isinstance(o, Literal) and o.language in (None, "", "en")
                for o in g.objects(node, prop)
            )
        ):
            continue  # keep one language when several are given
        out.append(str(v))
    return sorted(set(out))


def _name(g: Graph, node: Any) -> str | None:
    if node is None:
        return None
    for prop in (FOAF.name, VCARD.fn, DCTERMS.title, SCHEMA.name):
        value = literal(g, node, prop)
        if value:
            return value
    return str(node) if isinstance(node, URIRef) else None


def _first(g: Graph, node: Any, prop: URIRef) -> Any:
    return next(iter(sorted(g.objects(node, prop), key=str)), None)


def _contact(g: Graph, ds: Any) -> tuple[str | None, str | None]:
    point = _first(g, ds, DCAT.contactPoint)
    if point is None:
        return None, None
    email = _first(g, point, VCARD.hasEmail)
    mail = str(email) if email is not None else None
    if mail and mail.lower().startswith("mailto:"):
        mail = mail[len("mailto:") :]
    return _name(g, point), mail


def _temporal(g: Graph, ds: Any) -> tuple[str | None, str | None]:
    period = _first(g, ds, DCTERMS.temporal)
    if period is None:
        return None, None
    start = literal(g, period, DCAT.startDate) or literal(g, period, SCHEMA.startDate)
    end = literal(g, period, DCAT.endDate) or literal(g, period, SCHEMA.endDate)
    return start, end


def _spatial(g: Graph, ds: Any) -> str | None:
    place = _first(g, ds, DCTERMS.spatial)
    if place is None:
        return None
    if isinstance(place, URIRef):
        return str(place)
    for prop in (DCAT.bbox, LOCN.geometry, DCAT.centroid, SCHEMA.name):
        value = literal(g, place, prop)
        if value:
            return value
    return _name(g, place)


def _code(value: Any) -> str | None:
    """The last segment of a vocabulary IRI (…/file-type/CSV -> CSV), or the literal."""
    if value is None:
        return None
    s = str(value).rstrip("/")
    return s.rsplit("/", 1)[-1].rsplit("#", 1)[-1] if isinstance(value, URIRef) else s


def _media(value: Any) -> str | None:
    """IANA media-type IRIs (…/media-types/text/csv) -> text/csv."""
    if value is None:
        return None
    s = str(value)
    return s.split("media-types/", 1)[-1] if "media-types/" in s else s


_PROPS = {
    "identifier": "dct:identifier",
    "title": "dct:title",
    "description": "dct:description",
    "keywords": "dcat:keyword",
    "themes": "dcat:theme",
    "publisher": "dct:publisher",
    "contact_email": "dcat:contactPoint",
    "contact_name": "dcat:contactPoint",
    "license": "dct:license",
    "access_level": "dct:accessRights",
    "rights": "dct:rights",
    "frequency": "dct:accrualPeriodicity",
    "frequency_code": "dct:accrualPeriodicity",
    "issued": "dct:issued",
    "modified": "dct:modified",
    "temporal_start": "dct:temporal",
    "temporal_end": "dct:temporal",
    "spatial": "dct:spatial",
    "language": "dct:language",
    "conforms_to": "dct:conformsTo",
    "landing_page": "dcat:landingPage",
    "distributions": "dcat:distribution",
}


def from_dcat(g: Graph, ds: Any, source_format: str) -> tuple[MetadataRecord, FieldMap]:
    fm: FieldMap = dict(_PROPS)
    dists = []
    for d in sorted(g.objects(ds, DCAT.distribution), key=str):
        fmt = _first(g, d, DCTERMS["format"])
        media = _first(g, d, DCAT.mediaType)
        dists.append(
            Distribution(
                title=literal(g, d, DCTERMS.title),
                format=_code(fmt),
                media_type=_media(media),
                url=str(_first(g, d, DCAT.downloadURL) or _first(g, d, DCAT.accessURL) or "")
                or None,
                license=str(lic) if (lic := _first(g, d, DCTERMS.license)) is not None else None,
                conforms_to=str(c) if (c := _first(g, d, DCTERMS.conformsTo)) is not None else None,
            )
        )
    licence = _first(g, ds, DCTERMS.license)
    if licence is None:
        licence = next((d.license for d in dists if d.license), None)
        if licence is not None:
            fm["license"] = "dcat:distribution/dct:license"
    contact_name, contact_email = _contact(g, ds)
    start, end = _temporal(g, ds)
    frequency = _first(g, ds, DCTERMS.accrualPeriodicity)
    access = _first(g, ds, DCTERMS.accessRights)
    identifier = literal(g, ds, DCTERMS.identifier) or literal(g, ds, ADMS.identifier)
    record = MetadataRecord(
        source_format=source_format,
        identifier=identifier or (str(ds) if isinstance(ds, URIRef) else None),
        title=literal(g, ds, DCTERMS.title),
        description=literal(g, ds, DCTERMS.description),
        keywords=_all(g, ds, DCAT.keyword),
        themes=_all(g, ds, DCAT.theme),
        publisher=_name(g, _first(g, ds, DCTERMS.publisher)),
        contact_name=contact_name,
        contact_email=contact_email,
        license=str(licence) if licence is not None else None,
        access_level=normalise_access(_code(access) if access is not None else None),
        rights=literal(g, ds, DCTERMS.rights),
        frequency=str(frequency) if frequency is not None else None,
        frequency_code=normalise_frequency(str(frequency)) if frequency is not None else None,
        issued=literal(g, ds, DCTERMS.issued),
        modified=literal(g, ds, DCTERMS.modified),
        temporal_start=start,
        temporal_end=end,
        spatial=_spatial(g, ds),
        language=[_code(x) or "" for x in sorted(g.objects(ds, DCTERMS.language), key=str)],
        conforms_to=_all(g, ds, DCTERMS.conformsTo),
        landing_page=str(lp) if (lp := _first(g, ds, DCAT.landingPage)) is not None else None,
        distributions=dists,
    )
    return record, fm


def datasets(g: Graph) -> list[Any]:
    return sorted(set(g.subjects(RDF.type, DCAT.Dataset)), key=str)


def data_catalogues(g: Graph) -> list[Any]:
    return sorted(set(g.subjects(RDF.type, DCAT.Catalog)), key=str)


def node_label(node: Any) -> str:
    return f"_:{node}" if isinstance(node, BNode) else str(node)
