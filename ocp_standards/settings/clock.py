""" "Now" is an input: `--as-of`, else SOURCE_DATE_EPOCH, else the clock.

Rules that compare dates with today take it from here, so examples and tests never drift.
"""

from __future__ import annotations

import datetime as dt
import os


class AsOfError(ValueError):
    pass


def resolve_now(as_of: str | dt.date | dt.datetime | None = None) -> dt.datetime:
    """Return an aware UTC datetime for the run's "now"."""
    if isinstance(as_of, dt.datetime):
        return as_of if as_of.tzinfo else as_of.replace(tzinfo=dt.UTC)
    if isinstance(as_of, dt.date):
        return dt.datetime(as_of.year, as_of.month, as_of.day, tzinfo=dt.UTC)
    if as_of:
        try:
            parsed = dt.datetime.fromisoformat(as_of)
        except ValueError:
            raise AsOfError(
                f"--as-of {as_of!r} is not an ISO 8601 date; use e.g. 2026-11-24"
            ) from None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        except (ValueError, OverflowError, OSError):
            raise AsOfError(f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix timestamp") from None
    return dt.datetime.now(tz=dt.UTC)
