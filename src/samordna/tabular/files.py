"""Reading an import file from disk: bounded in size, `.gz` unpacked, every failure a
Swedish reason naming the file (`FileUnreadable`), so the commands all say the same.

Uploads through the web are bounded by their forms (`UPLOAD_MAX_BYTES`) before they
are read; files on disk are the operator's, and get a higher bound.
"""

from __future__ import annotations

import gzip
import io
import json
import zlib
from pathlib import Path
from typing import Any

from samordna.tabular.readers import has_control_character

MB = 1024 * 1024
UPLOAD_MAX_BYTES = 20 * MB
FILE_MAX_BYTES = 512 * MB


class FileUnreadable(ValueError):
    """The file cannot be read; the message is the Swedish reason, naming the file."""


def read_file(path: Path, *, max_bytes: int = FILE_MAX_BYTES) -> bytes:
    """The file's bytes, unpacked when its name ends in `.gz`."""
    try:
        if path.stat().st_size > max_bytes:
            raise FileUnreadable(_too_big(path, max_bytes))
        data = path.read_bytes()
    except FileNotFoundError:
        raise FileUnreadable(f"Filen {path} finns inte.") from None
    except OSError as exc:
        raise FileUnreadable(f"Filen {path} kan inte läsas: {exc.strerror}.") from None
    return _gunzip(path, data, max_bytes) if path.suffix == ".gz" else data


def read_json_file(path: Path, *, max_bytes: int = FILE_MAX_BYTES) -> Any:
    """The decoded JSON of a UTF-8 file (or `.json.gz`)."""
    return decode_json(read_file(path, max_bytes=max_bytes), f"Filen {path}")


def decode_json(data: bytes, label: str = "Filen") -> Any:
    """The decoded JSON of UTF-8 `data`; a failure's reason starts with `label`."""
    try:
        decoded = json.loads(data)
    except UnicodeDecodeError:
        raise FileUnreadable(f"{label} är inte text i UTF-8.") from None
    except json.JSONDecodeError as exc:
        raise FileUnreadable(
            f"{label} är inte giltig JSON (rad {exc.lineno}, kolumn {exc.colno})."
        ) from None
    except RecursionError:  # nested deeper than Python's parser goes
        raise FileUnreadable(f"{label} är för djupt nästlad JSON.") from None
    if (bad := _control_text(decoded)) is not None:
        raise FileUnreadable(
            f"{label} innehåller ett styrtecken (t.ex. NUL) i texten ”{bad}”. Ta bort det."
        )
    return decoded


def _control_text(decoded: Any) -> str | None:
    """The first text (key or value) holding NUL or another control character, shown
    without it; None when there is none. A loop, not recursion: the parser already
    bounds the depth, and this walk must not be the thing that overflows."""
    waiting = [decoded]
    while waiting:
        item = waiting.pop()
        if isinstance(item, dict):
            waiting.extend(item.keys())
            waiting.extend(item.values())
        elif isinstance(item, list):
            waiting.extend(item)
        elif isinstance(item, str) and has_control_character(item):
            return "".join(c if not has_control_character(c) else "�" for c in item[:60])
    return None


def _gunzip(path: Path, data: bytes, max_bytes: int) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as packed:
            unpacked = packed.read(max_bytes + 1)  # bounded: a small file may unpack to GBs
    except (OSError, EOFError, zlib.error) as exc:
        reason = getattr(exc, "strerror", None) or "den är skadad eller inte gzip-packad"
        raise FileUnreadable(f"Filen {path} kan inte läsas: {reason}.") from None
    if len(unpacked) > max_bytes:
        raise FileUnreadable(_too_big(path, max_bytes))
    return unpacked


def _too_big(path: Path, max_bytes: int) -> str:
    return f"Filen {path} är större än {max_bytes // MB} MB. Dela upp den."
