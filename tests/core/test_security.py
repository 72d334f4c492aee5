"""Security settings that hold in production: headers, the deploy check, generic error
pages, and logs without personal data (from Django and from `samordna serve`)."""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver, path

from samordna import urls as samordna_urls
from samordna.core import services
from samordna.core.logformat import JsonFormatter
from samordna.core.middleware import content_security_policy

SECRET_TEXT = "Anna Andersson 19121212-1212"


# --- A URL map for the error pages: Samordna's own, plus two views that fail -----------


@login_not_required
def _fails(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(f"hemligt: {SECRET_TEXT}")


@login_not_required
def _hides(request: HttpRequest) -> HttpResponse:
    raise Http404(f"Området där {SECRET_TEXT} bor finns inte")


urlpatterns = [
    path("test-fel/", _fails),
    path("test-saknas/", _hides),
    *samordna_urls.urlpatterns,
]
handler404 = samordna_urls.handler404
handler500 = samordna_urls.handler500


def assert_security_headers(response: HttpResponse) -> None:
    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy
    assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cache-Control"] == "no-store"


def test_a_signed_in_page_sends_the_security_headers(client, world):
    client.force_login(world.user("coordinator"))

    response = client.get("/", secure=True)

    assert response.status_code == 200
    assert_security_headers(response)


def test_the_sign_in_page_sends_the_security_headers(client, db):
    response = client.get("/konto/logga-in/", secure=True)

    assert response.status_code == 200
    assert_security_headers(response)


def test_plain_http_is_sent_to_https_in_production(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/konto/logga-in/")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/konto/logga-in/"


# --- `samordna check --deploy` with production settings ---------------------------------


def _production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    env = {
        **os.environ,
        "SAMORDNA_DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(48),
        # Production refuses to run the cases module without its key (cases.E001).
        "SAMORDNA_CASES_KEYS": Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": "samordna.example.se",
        "CSRF_TRUSTED_ORIGINS": "https://samordna.example.se",
        "SITE_URL": "https://samordna.example.se",
        "SAMORDNA_BEHIND_PROXY": "1",
        "SECURE_SSL_REDIRECT": "1",
        "SESSION_COOKIE_SECURE": "1",
        "CSRF_COOKIE_SECURE": "1",
        "SAMORDNA_VAR_DIR": str(tmp_path),
        **overrides,
    }
    env.pop("SAMORDNA_FAST_HASHER", None)
    return env


def _deploy_check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # the test's own interpreter and fixed arguments
        [sys.executable, "-m", "samordna", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.mark.slow
def test_the_deploy_check_passes_with_production_settings(tmp_path):
    result = _deploy_check(_production_env(tmp_path))

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.slow
def test_the_deploy_check_fails_when_https_is_switched_off(tmp_path):
    # The same check is sharp: one insecure setting is enough to fail it.
    result = _deploy_check(_production_env(tmp_path, SECURE_SSL_REDIRECT="0"))

    assert result.returncode != 0
    assert "security.W008" in result.stdout + result.stderr


@pytest.mark.slow
def test_the_deploy_check_warns_when_mail_links_would_point_at_localhost(tmp_path):
    result = _deploy_check(_production_env(tmp_path, SITE_URL="http://127.0.0.1:8000"))

    assert result.returncode != 0
    assert "core.W001" in result.stdout + result.stderr


# --- Generic error pages ------------------------------------------------------------------


@pytest.mark.urls(__name__)
def test_a_missing_page_shows_neither_path_nor_object_data(client, world):
    client.force_login(world.user("coordinator"))

    unknown = client.get("/finns-inte/<b>kalle</b>/")
    hidden = client.get("/test-saknas/")

    for response in (unknown, hidden):
        body = response.content.decode()
        assert response.status_code == 404
        assert "Sidan finns inte" in body
        assert "finns-inte/" not in body
        assert "kalle" not in body
        assert "test-saknas" not in body
        assert "Andersson" not in body


@pytest.mark.urls(__name__)
def test_a_missing_page_for_an_anonymous_visitor_is_generic_too(client, db):
    response = client.get("/finns-inte/19121212-1212/")

    assert response.status_code == 404
    assert "19121212" not in response.content.decode()


@pytest.mark.urls(__name__)
def test_a_server_error_shows_no_trace_and_no_data(client, world):
    client.raise_request_exception = False
    client.force_login(world.user("coordinator"))

    response = client.get("/test-fel/")

    body = response.content.decode()
    assert response.status_code == 500
    assert "Något gick fel" in body
    for leak in ("Traceback", "RuntimeError", "Andersson", "test-fel", "hemligt"):
        assert leak not in body


# --- Logs -----------------------------------------------------------------------------------


def _formatted(records: list[logging.LogRecord]) -> list[str]:
    formatter = JsonFormatter()
    return [formatter.format(record) for record in records]


def test_a_log_line_cannot_be_forged_with_a_newline():
    forged = 'Torget\n{"level": "CRITICAL", "message": "falsk rad"}'
    record = logging.LogRecord("samordna", logging.INFO, __file__, 1, forged, None, None)

    line = JsonFormatter().format(record)

    assert "\n" not in line
    assert json.loads(line)["message"] == forged
    assert json.loads(line)["level"] == "INFO"


def test_audit_log_lines_carry_ids_only(db, caplog):
    with caplog.at_level(logging.INFO, logger="samordna.audit"):
        user = services.user_create(
            actor=None,
            username="anna.andersson",
            email="anna.andersson@example.se",
            first_name="Anna",
            last_name="Andersson",
        )

    [line] = _formatted([r for r in caplog.records if r.name == "samordna.audit"])
    entry = json.loads(json.loads(line)["message"])
    assert entry["target"] == f"core.user:{user.pk}"
    assert "anna" not in line.lower()
    assert "andersson" not in line.lower()


def test_a_failed_sign_in_logs_no_username(client, db, caplog):
    with caplog.at_level(logging.DEBUG):
        for _ in range(2):
            client.post(
                "/konto/logga-in/",
                {"username": "anna.andersson@example.se", "password": "fel-lösenord-123"},
            )

    lines = _formatted(caplog.records)
    assert lines, "the failures should be logged, without the username"
    assert not [line for line in lines if "anna.andersson" in line]


# --- The production server: `samordna serve` ---------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str, headers: dict[str, str]) -> tuple[int, dict[str, str]]:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310  # http://127.0.0.1 only
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310  # nosec B310
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


def _get_when_up(url: str, headers: dict[str, str]) -> tuple[int, dict[str, str]]:
    # Waiting for the server to listen, not measuring it: a generous deadline.
    deadline = time.monotonic() + 90
    while True:
        try:
            return _get(url, headers)
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


@pytest.mark.slow
def test_the_production_server_logs_json_lines_without_personal_data(tmp_path):
    # Given `samordna serve` running with production settings over plain HTTP
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603  # the test's own interpreter and fixed arguments
        [
            sys.executable,
            "-m",
            "samordna",
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        env={**os.environ, "SAMORDNA_VAR_DIR": str(tmp_path)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    visitor = {"User-Agent": "Anna Anderssons telefon", "Referer": "https://example.se/anna"}
    try:
        # When a visitor signs in with personal data in the query, and a path forges a line
        status, headers = _get_when_up(f"{base}/konto/logga-in/?epost=anna@example.se", visitor)
        forged_status, _ = _get(f"{base}/x%0A%7B%22level%22%3A%22CRITICAL%22%7D/", visitor)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=60)

    # Then the page is served with its headers, and every log line is one JSON object
    # that holds neither the visitor's address, agent, referrer nor query
    assert (status, forged_status) == (200, 404)
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "no-store"
    assert "script-src 'self';" in headers["Content-Security-Policy"]
    assert "Server" not in headers
    assert (tmp_path / "static" / "samordna" / "samordna.css").exists()
    entries = [json.loads(line) for line in output.splitlines()]
    access = [e["message"] for e in entries if e["logger"] == "gunicorn.access"]
    assert any(line.startswith("GET /konto/logga-in/ 200 ") for line in access), output
    assert not [e for e in entries if e["level"] == "CRITICAL"]
    for leak in ("127.0.0.1", "Anna", "anna@example.se", "example.se/anna"):
        assert not [line for line in access if leak in line], leak


def test_the_map_tile_server_is_the_only_other_image_origin():
    policy = content_security_policy("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png")
    images = policy.split("img-src ", 1)[1].split(";", 1)[0].split()
    assert images == ["'self'", "data:", "https://*.tile.openstreetmap.org"]
    assert "img-src 'self' data:;" in content_security_policy("")
    assert "javascript" not in content_security_policy("javascript:alert(1)")


def test_every_url_answers_with_the_security_policy(client, world):
    """Generated from the URL resolver: every argument-free page, signed in or not."""
    client.force_login(world.user("coordinator"))
    paths = _plain_paths()
    assert {"/", "/konto/logga-in/", "/api/v1/reports/"} <= set(paths)
    for url in paths:
        response = client.get(url, secure=True)
        assert "Content-Security-Policy" in response, url
        assert "Permissions-Policy" in response, url


def _plain_paths(patterns=None, prefix: str = "") -> list[str]:
    """Every route of the URL map without a parameter."""
    found: list[str] = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            found += _plain_paths(entry.url_patterns, route)
        elif isinstance(entry, URLPattern) and "<" not in route and "(?P" not in route:
            found.append("/" + re.sub(r"\^|\$|\\", "", route))
    return sorted(set(found))
