"""The run's network policy: off unless `--online`; when on, bounded in time, size and redirects.

Fetching itself (the address guard, redirects, caps) is `sources/net.py`; this is the setting it
obeys, carried in RunOptions and bound for one run by `using()`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass

DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_REDIRECTS = 5


@dataclass(frozen=True)
class NetworkPolicy:
    online: bool = False
    allow_private: bool = False
    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = DEFAULT_MAX_REDIRECTS


_OFFLINE = NetworkPolicy()
_POLICY: ContextVar[NetworkPolicy | None] = ContextVar("ocp_network_policy", default=None)


def policy() -> NetworkPolicy:
    return _POLICY.get() or _OFFLINE


@contextlib.contextmanager
def using(new: NetworkPolicy) -> Iterator[None]:
    token = _POLICY.set(new)
    try:
        yield
    finally:
        _POLICY.reset(token)
