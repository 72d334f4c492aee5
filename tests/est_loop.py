"""What the two end-to-end tests of the EST loop share (issue 5, "Done when").

The browser test needs the growing problem to show among the developments in the wrong
direction of the last complete tertial, so its demo holds enough history for that
tertial and the one before it (tests.browser.demo_server loads only two weeks).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from io import BytesIO
from pathlib import Path

import pytest

from tests.browser import serve_demo

# Enough days for the last complete tertial and the whole one before it.
DEMO_DAYS = 330


def pdf_text(content: bytes) -> str:
    """The text of every page of a PDF (pypdfium2), for asserting what it says."""
    import pypdfium2

    document = pypdfium2.PdfDocument(BytesIO(content))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def assert_pdf(content_type: str, content: bytes, *needles: str) -> str:
    assert content_type.startswith("application/pdf"), content_type
    assert content[:5] == b"%PDF-"
    # Words broken over lines in the PDF come back with a line break in between.
    text = " ".join(pdf_text(content).split())
    for needle in needles:
        assert " ".join(needle.split()) in text, needle
    return text


@pytest.fixture
def est_demo_server(
    demo_folder: Callable[[int], Path], tmp_path: Path
) -> Iterator[tuple[str, Path]]:
    """tests.browser.demo_server with DEMO_DAYS of reports: (base URL, SQLite file)."""
    yield from serve_demo(demo_folder(DEMO_DAYS), tmp_path)
