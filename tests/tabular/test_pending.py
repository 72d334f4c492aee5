"""Pending uploads of any kind: the person's own only, fields of the app's choosing,
and an entry written by an older version taken as expired, never an error."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from samordna.tabular.pending import PendingUpload, PendingUploads, directory


@dataclass(frozen=True, kw_only=True)
class Upload(PendingUpload):
    owner_id: int
    note: str = ""


UPLOADS = PendingUploads("test_uploads", Upload)


@pytest.fixture
def session():
    return {}


@pytest.fixture(autouse=True)
def _no_files_left_behind():
    before = set(directory().iterdir())
    yield
    for path in set(directory().iterdir()) - before:
        path.unlink()


def test_an_upload_is_kept_found_remapped_and_discarded(session):
    stored = UPLOADS.store(session, data=b"a;b\n", name="../../x/rader.CSV", owner_id=7)

    assert stored.name == "rader.CSV"
    assert stored.path.suffix == ".csv"
    assert UPLOADS.find(session, stored.token) == stored
    assert stored.read() == b"a;b\n"

    UPLOADS.remap(session, stored, "Väder=-")
    found = UPLOADS.find(session, stored.token)
    assert found is not None
    assert (found.mapping, found.owner_id) == ("Väder=-", 7)

    UPLOADS.discard(session, stored)
    assert UPLOADS.find(session, stored.token) is None
    assert not stored.path.exists()


def test_another_sessions_token_finds_nothing(session):
    stored = UPLOADS.store(session, data=b"x", name="a.csv", owner_id=1)

    assert UPLOADS.find({}, stored.token) is None
    assert PendingUploads("other_uploads", Upload).find(session, stored.token) is None


def test_an_entry_of_an_older_shape_is_taken_as_expired(session):
    stored = UPLOADS.store(session, data=b"x", name="a.csv", owner_id=1)
    session["test_uploads"][stored.token] = {"name": "a.csv", "org": 1, "map": ""}

    assert UPLOADS.find(session, stored.token) is None


def test_a_person_holds_at_most_the_quota_and_the_oldest_goes_first():
    import os
    import time

    from samordna.tabular.pending import MAX_PER_PERSON

    mine, theirs = {"_auth_user_id": "41"}, {"_auth_user_id": "42"}
    other = UPLOADS.store(theirs, data=b"x", name="deras.csv", owner_id=2)
    stored = []
    for n in range(MAX_PER_PERSON + 1):
        upload = UPLOADS.store(mine, data=b"x", name=f"{n}.csv", owner_id=1)
        moment = time.time_ns() - (MAX_PER_PERSON + 1 - n) * 10**9  # distinct ages, oldest first
        os.utime(upload.path, ns=(moment, moment))
        stored.append(upload)

    assert not stored[0].path.exists()
    assert UPLOADS.find(mine, stored[0].token) is None  # as if it had expired
    assert all(u.path.exists() for u in stored[1:])
    assert other.path.exists()  # another person's file is not theirs to evict
