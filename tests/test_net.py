"""The network guard: off by default, http(s) only, no private addresses, capped, redacted.

A tiny HTTP server on 127.0.0.1 (this machine only) stands in for the web; reaching it needs
--allow-private-network, which is itself what the guard is about.
"""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ocp_standards.cli.app import app
from ocp_standards.settings import network
from ocp_standards.settings.network import NetworkPolicy
from ocp_standards.sources import net
from ocp_standards.sources.loader import load_paths

SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Remote", "version": "1.0.0"},
    "paths": {"/x": {"get": {"responses": {"200": {"$ref": "models.json#/ok"}}}}},
}


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[str]:
    (tmp_path / "spec.json").write_text(json.dumps(SPEC))
    (tmp_path / "models.json").write_text(json.dumps({"ok": {"description": "fine"}}))
    (tmp_path / "big.json").write_text("[" + "1," * 100_000 + "1]")

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **k) -> None:  # type: ignore[no-untyped-def]
            super().__init__(*a, directory=str(tmp_path), **k)

        def do_GET(self) -> None:
            if self.path.startswith("/redirect"):
                self.send_response(302)
                self.send_header("Location", "/spec.json")
                self.end_headers()
                return
            if self.path.startswith("/loop"):
                self.send_response(302)
                self.send_header("Location", "/loop")
                self.end_headers()
                return
            super().do_GET()

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


ONLINE_LOCAL = NetworkPolicy(online=True, allow_private=True, timeout=5)


def test_offline_by_default(server: str) -> None:
    with pytest.raises(net.NetworkError, match="only with --online"):
        net.fetch(f"{server}/spec.json")


def test_private_addresses_refused_even_online(server: str) -> None:
    with pytest.raises(net.NetworkError, match="private or local"):
        net.fetch(f"{server}/spec.json", NetworkPolicy(online=True))


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://x/"])
def test_only_http_and_https(url: str) -> None:
    with pytest.raises(net.NetworkError, match="only http and https"):
        net.fetch(url, NetworkPolicy(online=True))


def test_fetch_follows_redirects_and_caps(server: str) -> None:
    assert json.loads(net.fetch(f"{server}/redirect", ONLINE_LOCAL)) == SPEC
    with pytest.raises(net.NetworkError, match="redirects"):
        net.fetch(f"{server}/loop", ONLINE_LOCAL)
    small = NetworkPolicy(online=True, allow_private=True, max_bytes=1000)
    with pytest.raises(net.NetworkError, match=r"limit|more than"):
        net.fetch(f"{server}/big.json", small)


def test_credentials_never_shown() -> None:
    shown = net.redact("https://user:s3cret@example.org/a?api_key=XYZ&page=2")
    assert "s3cret" not in shown and "XYZ" not in shown and "user" not in shown
    assert "page=2" in shown
    with pytest.raises(net.NetworkError) as info:
        net.fetch("https://user:s3cret@example.org/?token=abc")
    assert "s3cret" not in str(info.value) and "abc" not in str(info.value)


def test_remote_spec_and_its_refs_with_online(server: str) -> None:
    with network.using(ONLINE_LOCAL):
        (subject,) = load_paths([f"{server}/spec.json"])
    assert subject.kind.value == "api"
    response = subject.data["paths"]["/x"]["get"]["responses"]["200"]
    assert response == {"description": "fine"}  # the relative $ref was fetched and joined
    (offline,) = load_paths([f"{server}/spec.json"])
    assert offline.problem is not None and "--online" in offline.problem.message


def test_cli_url_needs_online(server: str) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["check", f"{server}/spec.json"])
    assert result.exit_code == 2
    result = runner.invoke(
        app,
        ["check", f"{server}/spec.json", "--online", "--allow-private-network", "--format", "json"],
    )
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.stdout)
    assert report["subjects"][0]["kind"] == "api"
    result = runner.invoke(app, ["check", f"{server}/spec.json", "--online", "--format", "json"])
    assert json.loads(result.stdout)["subjects"][0]["results"][0]["outcome"] in (
        "failed",
        "untested",
    )
