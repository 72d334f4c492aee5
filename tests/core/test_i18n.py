"""Swedish by default, English through the language form; the English catalogue is complete."""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

LOGIN = "/konto/logga-in/"
SETLANG = "/i18n/setlang/"
CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


@pytest.fixture(autouse=True)
def _back_to_swedish():
    """LocaleMiddleware leaves the last request's language active in the thread."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _choose_english(client, next_url: str = LOGIN):
    return client.post(SETLANG, {"language": "en", "next": next_url})


def test_sign_in_page_is_swedish_by_default(client, db):
    html = client.get(LOGIN).content.decode()

    assert '<html lang="sv">' in html
    assert "Logga in i Samordna" in html
    assert "Sign in to Samordna" not in html


def test_anonymous_user_can_switch_the_sign_in_page_to_english(client, db):
    response = _choose_english(client)

    assert response.status_code == 302
    assert response["Location"] == LOGIN
    html = client.get(LOGIN).content.decode()
    assert '<html lang="en">' in html
    assert "Sign in to Samordna" in html
    assert "Forgotten your password?" in html
    assert "Logga in i Samordna" not in html


def test_signed_in_user_sees_english_navigation_and_role_names(client, world):
    client.force_login(world.user("coordinator"))
    _choose_english(client, "/")

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert 'aria-label="Main menu"' in html
    for label in ("Menu", "The week", "Areas", "Organisations", "Sign out", "To review"):
        assert f">{label}<" in html
    assert "Coordinator" in html
    assert "This week&#x27;s situation picture" in html
    assert "Samordnare" not in html
    assert "Områden" not in html


def test_error_pages_follow_the_chosen_language(client, world):
    client.force_login(world.user("coordinator"))
    _choose_english(client, "/")

    response = client.get("/finns-inte/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert "Go to the home page" in html


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstrs: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)


def _parse_po(path: Path) -> list[Entry]:
    """Just enough of the PO format for Django's output; obsolete (#~) entries are skipped."""
    entries: list[Entry] = []
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        entry, current = Entry(), None
        parts: dict[str, list[str]] = {}
        for line in block.splitlines():
            if line.startswith("#,"):
                entry.flags.update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                assert current is not None, block
                parts[current].append(ast.literal_eval(line))
            else:
                current, literal = line.split(" ", 1)
                parts[current] = [ast.literal_eval(literal)]
        if not parts:
            continue
        joined = {key: "".join(value) for key, value in parts.items()}
        entry.msgid = joined["msgid"]
        entry.msgid_plural = joined.get("msgid_plural")
        entry.msgctxt = joined.get("msgctxt")
        entry.msgstrs = [value for key, value in joined.items() if key.startswith("msgstr")]
        entries.append(entry)
    return entries


def test_english_catalogue_is_complete_and_not_fuzzy():
    entries = _parse_po(CATALOGUE / "django.po")
    header, messages = entries[0], entries[1:]

    assert header.msgid == ""
    assert "fuzzy" not in header.flags
    assert "Language: en" in header.msgstrs[0]
    assert len(messages) > 200
    for entry in messages:
        assert "fuzzy" not in entry.flags, entry.msgid
        assert entry.msgstrs, entry.msgid
        assert all(msgstr.strip() for msgstr in entry.msgstrs), entry.msgid
        if entry.msgid_plural is not None:
            assert len(entry.msgstrs) == 2, entry.msgid
        placeholders = sorted(PLACEHOLDER.findall(entry.msgid))
        for msgstr in entry.msgstrs:
            assert sorted(PLACEHOLDER.findall(msgstr)) == placeholders, entry.msgid


def test_compiled_catalogue_matches_the_po_file():
    """django.mo is committed; it must be compiled from the current django.po."""
    with (CATALOGUE / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)

    for entry in _parse_po(CATALOGUE / "django.po")[1:]:
        if entry.msgid_plural is not None:
            got = [compiled.ngettext(entry.msgid, entry.msgid_plural, n) for n in (1, 2)]
        elif entry.msgctxt is not None:
            got = [compiled.pgettext(entry.msgctxt, entry.msgid)]
        else:
            got = [compiled.gettext(entry.msgid)]
        assert got == entry.msgstrs, entry.msgid


def test_an_english_browser_still_gets_swedish_until_english_is_chosen(client, db):
    page = client.get("/konto/logga-in/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert '<html lang="sv">' in page.content.decode()
    assert page["Content-Language"] == "sv"
