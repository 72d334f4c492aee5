"""Deploy check: the links Samordna writes in e-mails (pictures, reminders, invitations,
password resets) start with SITE_URL; in production it must be the site's own https
address, never the development default, or every link in every mail points nowhere."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.core.checks import register

# Addresses SITE_URL must not name; nothing is bound to them here.
LOCAL_HOSTS = {"127.0.0.1", "localhost", "0.0.0.0", "::1"}  # noqa: S104  # nosec B104


@register("security", deploy=True)
def site_url(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    parts = urlsplit(settings.SITE_URL)
    if parts.scheme == "https" and parts.hostname and parts.hostname not in LOCAL_HOSTS:
        return []
    return [
        checks.Warning(
            f"SITE_URL is {settings.SITE_URL!r}: links in e-mails would not reach the site.",
            hint="Set SITE_URL to the site's own address, e.g. https://samordna.kommun.se "
            "(docs/operations.md).",
            id="core.W001",
        )
    ]
