"""The only way ocp reaches the network: off unless `--online`, and guarded when on.

Every fetch is http(s) only, resolves the host and refuses private, loopback, link-local,
multicast and reserved addresses (unless `--allow-private-network`), re-checks on every redirect,
and is capped in time, size and redirects. Credentials in URLs never appear in messages.
A residual risk is documented in docs/reliability.md: DNS may change between the check and the
connection (rebinding); the guard narrows, not closes, that window.
"""

from __future__ import annotations

import ipaddress
import socket
import urllib.error
import urllib.parse
import urllib.request

from ..settings.network import NetworkPolicy, policy


class NetworkError(Exception):
    """A fetch that was refused or failed; the message is safe to show (no credentials)."""


def redact(url: str) -> str:
    """The URL without user:password@ and without query values that look like secrets."""
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return "<invalid URL>"
    host = parts.hostname or ""
    netloc = host + (f":{parts.port}" if parts.port else "") if parts.netloc else ""
    query = urllib.parse.urlencode(
        [
            (
                k,
                "***"
                if any(s in k.lower() for s in ("key", "token", "secret", "pass", "sig"))
                else v,
            )
            for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
        ]
    )
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, query, ""))


def _check_host(url: str, pol: NetworkPolicy) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise NetworkError(f"{redact(url)}: only http and https URLs are fetched")
    host = parts.hostname
    if not host:
        raise NetworkError(f"{redact(url)}: no host")
    try:
        infos = socket.getaddrinfo(
            host, parts.port or (443 if parts.scheme == "https" else 80), proto=socket.IPPROTO_TCP
        )
    except (socket.gaierror, UnicodeError) as exc:
        raise NetworkError(f"{redact(url)}: cannot resolve {host} ({exc})") from None
    if pol.allow_private:
        return
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if (
            address.is_private
            or address.is_loopback
            or address.is_link_local
            or address.is_multicast
            or address.is_reserved
            or address.is_unspecified
        ):
            raise NetworkError(
                f"{redact(url)}: {host} resolves to a private or local address ({address}); "
                "refused (use --allow-private-network to permit)"
            )


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None  # we follow redirects ourselves, re-checking each target


def fetch(url: str, pol: NetworkPolicy | None = None) -> bytes:
    """GET `url` under the policy. Raises NetworkError with a safe message."""
    pol = pol or policy()
    if not pol.online:
        raise NetworkError(f"{redact(url)}: not fetched: the network is used only with --online")
    opener = urllib.request.build_opener(_NoRedirect)
    current = url
    for _ in range(pol.max_redirects + 1):
        _check_host(current, pol)
        request = urllib.request.Request(current, headers={"User-Agent": "ocp-standards"})
        try:
            with opener.open(request, timeout=pol.timeout) as response:
                declared = response.headers.get("Content-Length")
                if declared and declared.isdigit() and int(declared) > pol.max_bytes:
                    raise NetworkError(
                        f"{redact(current)}: {int(declared):,} bytes is over the "
                        f"{pol.max_bytes:,} byte limit"
                    )
                body = response.read(pol.max_bytes + 1)
                if len(body) > pol.max_bytes:
                    raise NetworkError(f"{redact(current)}: more than {pol.max_bytes:,} bytes")
                return bytes(body)
        except urllib.error.HTTPError as exc:
            if exc.code in (301, 302, 303, 307, 308) and exc.headers.get("Location"):
                current = urllib.parse.urljoin(current, exc.headers["Location"])
                continue
            raise NetworkError(f"{redact(current)}: HTTP {exc.code}") from None
        except urllib.error.URLError as exc:
            raise NetworkError(f"{redact(current)}: {exc.reason}") from None
        except (TimeoutError, OSError) as exc:
            raise NetworkError(f"{redact(current)}: {type(exc).__name__}") from None
    raise NetworkError(f"{redact(url)}: more than {pol.max_redirects} redirects")
