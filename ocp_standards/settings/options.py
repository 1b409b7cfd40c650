"""`RunOptions`: everything that shapes one run of `check()`, as one frozen, picklable value.

The CLI, a web job and a remote worker all describe a run the same way and hand it to `check()`;
nothing about a run is read from ambient state (environment, context variables, the working
folder's files) once it has started. Files a run uses — a profile file, waivers, a baseline, a
config file — are read on the caller's side by `from_files()` / `from_config()` and travel as
their content, because a worker on another machine cannot read the caller's files.

Precedence when building options from a config: defaults (and the profile's own gate) <
environment (OCP_CHECK_TIMEOUT, OCP_MAX_FILE_BYTES) < config file < explicit arguments (the
command line).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

from ..gate.baseline import LoadedBaseline, read_baseline
from ..gate.waivers import LoadedWaivers, load_waivers
from ..model.outcome import SubjectKind
from ..model.profile import Profile
from . import limits as limits_mod
from . import network, timelimit
from .clock import resolve_now
from .config import Config, ConfigError, discover, load_config
from .network import NetworkPolicy

FailOn = Literal["error", "warning", "info", "never"]
FAIL_ON_VALUES: tuple[str, ...] = get_args(FailOn)

#: What `from_files()` accepts for a waivers or baseline setting: a path, or content already read.
WaiversArg = LoadedWaivers | str | os.PathLike[str] | None
BaselineArg = LoadedBaseline | str | os.PathLike[str] | None


class OptionsError(ValueError):
    """An option with a value of the wrong kind (a usage problem: the CLI exits 2)."""


def _as_tuple(value: Iterable[str] | str | None, name: str) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return (value,)
    items = tuple(value)
    if not all(isinstance(v, str) for v in items):
        raise OptionsError(f"{name}: expected rule ids, id prefixes or tag:NAME strings")
    return items or None


def profile_is_file(value: str) -> bool:
    """A profile setting names a file (rather than a bundled profile) when it looks like one."""
    return value.endswith((".yaml", ".yml")) or "/" in value or os.sep in value


@dataclass(frozen=True)
class RunOptions:
    """Everything that shapes a run. Frozen, typed, comparable and picklable.

    `profile` is a bundled profile name (optionally pinned, e.g. `procurement`) or a `Profile`
    already resolved from a file (`from_files(profile="city.yaml")`); `as_of` is "now" for date
    rules (None: SOURCE_DATE_EPOCH, else the clock, read once when the run starts); `waivers`
    and `baseline` are content, never paths; `root` is the folder fingerprints, waiver globs and
    baseline paths are relative to (a label for paths, never read).
    """

    profile: str | Profile = "default"
    as_kind: SubjectKind | None = None
    as_of: dt.datetime | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    fail_on: FailOn | None = None
    fail_under: float | None = None
    limits: limits_mod.Limits = field(default_factory=lambda: limits_mod.DEFAULT)
    network: NetworkPolicy = field(default_factory=NetworkPolicy)
    #: Seconds one check may run before it is stopped and reported cantTell; 0 disables.
    check_timeout: float = timelimit.DEFAULT_SECONDS
    #: Processes that check the inputs; the report is the same for any number.
    workers: int = 1
    waivers: LoadedWaivers | None = None
    baseline: LoadedBaseline | None = None
    root: str | None = None

    def __post_init__(self) -> None:
        # Normalise the convenient spellings (str dates, lists, enum values) once, so equal
        # runs compare equal and a worker receives exactly what the caller meant.
        set_ = object.__setattr__
        if isinstance(self.profile, str) and not self.profile:
            raise OptionsError("profile: give a bundled profile name or a profile file")
        if not isinstance(self.profile, str | Profile):
            raise OptionsError("profile: expected a profile name or a Profile")
        if self.as_kind is not None and not isinstance(self.as_kind, SubjectKind):
            try:
                set_(self, "as_kind", SubjectKind(self.as_kind))
            except ValueError:
                kinds = ", ".join(k.value for k in SubjectKind if k is not SubjectKind.UNKNOWN)
                raise OptionsError(f"as_kind {self.as_kind!r}: expected one of {kinds}") from None
        if self.as_of is not None and not isinstance(self.as_of, dt.datetime):
            set_(self, "as_of", resolve_now(self.as_of))
        elif isinstance(self.as_of, dt.datetime) and self.as_of.tzinfo is None:
            set_(self, "as_of", self.as_of.replace(tzinfo=dt.UTC))
        set_(self, "select", _as_tuple(self.select, "select"))
        set_(self, "ignore", _as_tuple(self.ignore, "ignore"))
        if self.fail_on is not None and self.fail_on not in FAIL_ON_VALUES:
            raise OptionsError(f"fail_on {self.fail_on!r}: expected one of {FAIL_ON_VALUES}")
        if self.fail_under is not None:
            if not 0 <= float(self.fail_under) <= 100:
                raise OptionsError(f"fail_under {self.fail_under}: expected 0 to 100")
            set_(self, "fail_under", float(self.fail_under))
        if self.check_timeout < 0:
            raise OptionsError(f"check_timeout {self.check_timeout}: expected 0 or more seconds")
        set_(self, "check_timeout", float(self.check_timeout))
        if not isinstance(self.workers, int) or self.workers < 1:
            raise OptionsError(f"workers {self.workers!r}: expected 1 or more")
        if self.root is not None:
            set_(self, "root", os.fspath(self.root))
        for name, kind in (("waivers", LoadedWaivers), ("baseline", LoadedBaseline)):
            value = getattr(self, name)
            if value is not None and not isinstance(value, kind):
                raise OptionsError(
                    f"{name}: RunOptions holds content, not a path; use "
                    f"RunOptions.from_files({name}=...) to read the file"
                )

    # Building ----------------------------------------------------------------------------------

    def replace(self, **changes: Any) -> RunOptions:
        """A copy with some options changed (validated like the constructor)."""
        unknown = sorted(set(changes) - {f.name for f in dataclasses.fields(self)})
        if unknown:
            raise OptionsError(f"unknown run option(s): {', '.join(unknown)}")
        return dataclasses.replace(self, **changes)

    @classmethod
    def from_files(
        cls,
        base: RunOptions | None = None,
        *,
        profile: str | os.PathLike[str] | Profile | None = None,
        waivers: WaiversArg = None,
        baseline: BaselineArg = None,
        **changes: Any,
    ) -> RunOptions:
        """Options with a profile file, waivers and baseline read here, on the caller's side.

        Raises CatalogError (profile), WaiverFileError, BaselineError: usage problems.
        """
        options = base or cls()
        if profile is not None:
            changes["profile"] = resolve_profile(profile)
        if waivers is not None:
            changes["waivers"] = (
                waivers if isinstance(waivers, LoadedWaivers) else load_waivers(waivers)
            )
        if baseline is not None:
            changes["baseline"] = (
                baseline if isinstance(baseline, LoadedBaseline) else read_baseline(baseline)
            )
        return options.replace(**changes)

    @classmethod
    def from_config(
        cls,
        config: Config | str | os.PathLike[str] | None = None,
        *,
        paths: Iterable[str | os.PathLike[str]] = (),
        env: Mapping[str, str] | None = None,
        **changes: Any,
    ) -> RunOptions:
        """Options from a config file (a `Config`, a file, or None: the one nearest to `paths`),
        the environment, then `changes` (explicit values win; None means "not given").

        Sizes in the config may be written "64MiB"; files it names are read here.
        Raises ConfigError for a bad config, CatalogError / WaiverFileError / BaselineError for
        the files it names.
        """
        if isinstance(config, Config):
            cfg = config
        elif config is not None:
            cfg = load_config(config)
        else:
            cfg = discover([Path(p) for p in paths])
        s = cfg.settings
        environ = os.environ if env is None else env
        given = {k: v for k, v in changes.items() if v is not None}
        timeout = given.pop("check_timeout", None)
        if timeout is None:
            timeout = s.check_timeout
        if timeout is None:
            timeout = _env_float(environ, "OCP_CHECK_TIMEOUT", timelimit.DEFAULT_SECONDS)
        profile = given.pop("profile", None) or cfg.profile() or "default"
        waivers = given.pop("waivers", None) or cfg.resolve(s.waivers)
        baseline = given.pop("baseline", None) or cfg.resolve(s.baseline)
        limits = given.pop("limits", None) or config_limits(cfg, environ)
        fields: dict[str, Any] = {
            "fail_on": s.fail_on,
            "fail_under": s.fail_under,
            "select": s.select,
            "ignore": s.ignore,
            "root": os.fspath(cfg.root) if cfg.root is not None else None,
        }
        fields = {k: v for k, v in fields.items() if v is not None}
        fields.update(given)
        return cls.from_files(
            profile=profile,
            waivers=waivers,
            baseline=baseline,
            limits=limits,
            check_timeout=timeout,
            **fields,
        )

    # Running -----------------------------------------------------------------------------------

    def pinned(self) -> RunOptions:
        """These options with "now" fixed, so every worker of a run uses the same day."""
        return self if self.as_of is not None else self.replace(as_of=resolve_now(None))

    @property
    def now(self) -> dt.datetime:
        """The run's "now" (call `pinned()` first to fix it for the whole run)."""
        return self.as_of if self.as_of is not None else resolve_now(None)

    def select_list(self) -> list[str] | None:
        return list(self.select) if self.select is not None else None

    def ignore_list(self) -> list[str] | None:
        return list(self.ignore) if self.ignore is not None else None


def resolve_profile(profile: str | os.PathLike[str] | Profile) -> str | Profile:
    """A bundled name stays a name; a profile file becomes its content (with `extends` flat)."""
    if isinstance(profile, Profile):
        return profile
    text = os.fspath(profile)
    if not profile_is_file(text):
        return text
    from ..catalog.loader import default_catalog

    return default_catalog().profile(text)


def _env_float(environ: Mapping[str, str], name: str, default: float) -> float:
    value = environ.get(name)
    if value is None or value == "":
        return default
    try:
        return float(value)
    except ValueError:
        raise ConfigError(f"{name}={value!r} is not a number of seconds") from None


def config_limits(cfg: Config, environ: Mapping[str, str] | None = None) -> limits_mod.Limits:
    """The limits a config file (and OCP_MAX_FILE_BYTES) set over the defaults.

    Raises ConfigError for a size that cannot be read."""
    s = cfg.settings
    environ = os.environ if environ is None else environ

    def size(key: str, value: str | int | None) -> int | None:
        if value is None:
            return None
        try:
            return limits_mod.parse_size(str(value))
        except ValueError as exc:
            raise ConfigError(f"{cfg.path}: {key}: {exc}") from None

    env_file_bytes = environ.get("OCP_MAX_FILE_BYTES", "")
    return limits_mod.DEFAULT.but(
        max_file_bytes=size("max-file-size", s.max_file_size)
        or (int(env_file_bytes) if env_file_bytes.isdigit() else None),
        max_table_bytes=size("max-table-size", s.max_table_size),
        max_archive_bytes=size("max-archive-size", s.max_archive_size),
        max_rows=s.max_rows,
        max_depth=s.max_depth,
        max_nodes=s.max_nodes,
        max_archive_ratio=s.max_archive_ratio,
        max_archive_entries=s.max_archive_entries,
    )


@contextmanager
def run_scope(options: RunOptions) -> Iterator[None]:
    """Bind the run's limits, network policy and check time limit for the readers and checks
    deep inside one `check()` call (and one worker's share of it) — set here, from the options,
    and nowhere else."""
    with (
        network.using(options.network),
        timelimit.limit_checks(options.check_timeout),
        limits_mod.using(options.limits),
    ):
        yield
