"""Split one run's inputs between worker processes (`ocp check --workers N`).

Every worker walks the same paths in the same order and numbers the *units* it meets — a file,
or a folder a folder reader claims whole (a data package, a submission). Worker k loads only the
units numbered k, k+N, k+2N …, and tags each subject with its unit's number so the parent can put
the reports back in exactly the order a single process gives.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from .subject import Subject


@dataclass
class Shard:
    index: int
    count: int
    seen: int = 0
    #: The unit number of each subject loaded, in load order.
    tags: list[int] = field(default_factory=list)

    def _next(self) -> int | None:
        unit, self.seen = self.seen, self.seen + 1
        return unit if unit % self.count == self.index else None


_CURRENT: ContextVar[Shard | None] = ContextVar("ocp_shard", default=None)


@contextmanager
def sharding(shard: Shard) -> Iterator[Shard]:
    token = _CURRENT.set(shard)
    try:
        yield shard
    finally:
        _CURRENT.reset(token)


def unit(load: Callable[[], list[Subject]]) -> list[Subject]:
    """Load one unit, unless it belongs to another worker."""
    shard = _CURRENT.get()
    if shard is None:
        return load()
    number = shard._next()
    if number is None:
        return []
    subjects = load()
    shard.tags.extend([number] * len(subjects))
    return subjects


def loaded_unit(subjects: list[Subject]) -> list[Subject]:
    """A unit already loaded (a folder reader with no cheap way to say it claims a folder)."""
    return unit(lambda: subjects)
