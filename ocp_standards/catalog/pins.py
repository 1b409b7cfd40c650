"""A profile re-pinned to another version of one standard, for impact and upcoming checks."""

from __future__ import annotations

from ..model.profile import Profile
from .loader import Catalog
from .ruleset import Ruleset, matches, resolve_ruleset


def repin(profile: Profile, catalog: Catalog, standard_id: str, version: str) -> Profile:
    """`profile` with `standard_id` pinned to `version`.

    Overrides and selectors that name rules the version does not have are dropped rather than
    refused: the question is "what would this version do", and a rule a version removed is part
    of the answer, not a mistake in the profile.
    """
    target = catalog.get(standard_id, version)
    pins = dict(profile.standards) or {s.id: s.version for s in catalog.latest_versions()}
    pins[standard_id] = target.version
    rules = [r for sid, v in pins.items() for r in catalog.get(sid, v).rules]
    known = {r.id for r in rules}

    def useful(selector: str) -> bool:
        return any(matches(r, selector) for r in rules)

    return profile.model_copy(
        update={
            "standards": pins,
            "overrides": {k: v for k, v in profile.overrides.items() if k in known},
            "select": None if profile.select is None else [s for s in profile.select if useful(s)],
            "ignore": [s for s in profile.ignore if useful(s)],
        }
    )


def ruleset_at(
    catalog: Catalog,
    profile: Profile,
    standard_id: str,
    version: str,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
) -> Ruleset:
    """The rules `profile` would run with `standard_id` at `version`."""
    pinned = repin(profile, catalog, standard_id, version)
    rules = [r for s in (catalog.get(k, v) for k, v in pinned.standards.items()) for r in s.rules]
    keep_select = (
        None if select is None else [s for s in select if any(matches(r, s) for r in rules)]
    )
    keep_ignore = [s for s in ignore or [] if any(matches(r, s) for r in rules)]
    return resolve_ruleset(catalog, pinned, select=keep_select, ignore=keep_ignore)
