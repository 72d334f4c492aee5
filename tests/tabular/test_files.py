"""Reading an import file from disk: bounded, `.gz` unpacked within the bound, and
every failure a Swedish reason naming the file."""

from __future__ import annotations

import gzip
import json

import pytest

from samordna.tabular.files import FileUnreadable, read_file, read_json_file


def test_a_file_is_read_and_a_gz_file_unpacked(tmp_path):
    plain, packed = tmp_path / "rader.csv", tmp_path / "rader.csv.gz"
    plain.write_bytes(b"a;b\n1;2\n")
    packed.write_bytes(gzip.compress(b"a;b\n1;2\n"))

    assert read_file(plain) == read_file(packed) == b"a;b\n1;2\n"


def test_a_missing_file_is_named(tmp_path):
    missing = tmp_path / "saknas.csv"

    with pytest.raises(FileUnreadable) as raised:
        read_file(missing)

    assert str(raised.value) == f"Filen {missing} finns inte."


def test_a_file_over_the_bound_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "stor.csv"
    path.write_bytes(b"x" * (2 * 1024 * 1024 + 1))

    with pytest.raises(FileUnreadable, match=r"är större än 2 MB\. Dela upp den\."):
        read_file(path, max_bytes=2 * 1024 * 1024)


def test_a_small_gz_file_that_unpacks_past_the_bound_is_refused(tmp_path):
    path = tmp_path / "bomb.json.gz"
    path.write_bytes(gzip.compress(b"0" * (3 * 1024 * 1024)))
    assert path.stat().st_size < 1024 * 1024

    with pytest.raises(FileUnreadable, match="är större än 2 MB"):
        read_file(path, max_bytes=2 * 1024 * 1024)


def test_a_broken_gz_file_says_so(tmp_path):
    path = tmp_path / "trasig.json.gz"
    path.write_bytes(b"not gzip at all")

    with pytest.raises(FileUnreadable) as raised:
        read_file(path)

    assert str(raised.value) == (
        f"Filen {path} kan inte läsas: den är skadad eller inte gzip-packad."
    )


def test_json_is_decoded_or_refused_with_row_and_column(tmp_path):
    good, bad, latin = tmp_path / "a.json", tmp_path / "b.json", tmp_path / "c.json"
    good.write_text(json.dumps([{"id": 1}]), "utf-8")
    bad.write_bytes(b'[{"id": 1},\n {oops}]')
    latin.write_bytes('["Örebro"]'.encode("latin-1"))

    assert read_json_file(good) == [{"id": 1}]
    with pytest.raises(FileUnreadable) as raised:
        read_json_file(bad)
    assert str(raised.value) == f"Filen {bad} är inte giltig JSON (rad 2, kolumn 3)."
    with pytest.raises(FileUnreadable, match="är inte text i UTF-8"):
        read_json_file(latin)
