"""A time limit per check, so one slow or stuck check becomes `cantTell` and the run goes on.

Uses SIGALRM, so it applies in the main thread on Unix (where the CLI runs); elsewhere checks run
unlimited. A run's limit comes from its RunOptions (`--check-timeout`, else the config's
`check-timeout`, else OCP_CHECK_TIMEOUT, else 120 seconds — resolved on the caller's side, see
settings/options.py) and is bound for the run by `limit_checks()`.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from contextvars import ContextVar
from types import FrameType

DEFAULT_SECONDS = 120.0


class CheckTimeout(BaseException):
    """Raised inside a check that ran out of time. A BaseException, so that a check's own
    `except Exception` cannot swallow it."""


_LIMIT: ContextVar[float | None] = ContextVar("ocp_check_timeout", default=None)


def current_limit() -> float:
    """The limit bound for the current run (the default outside one)."""
    configured = _LIMIT.get()
    return configured if configured is not None else DEFAULT_SECONDS


@contextlib.contextmanager
def limit_checks(seconds: float | None) -> Iterator[None]:
    """Set the per-check limit for the duration of a run (None keeps the default)."""
    token = _LIMIT.set(seconds)
    try:
        yield
    finally:
        _LIMIT.reset(token)


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    usable = (
        seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise CheckTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
