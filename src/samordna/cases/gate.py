"""Who gets into the TSI pages at all: a TSI role and a second factor in this session.

For everyone else the module does not exist (404). An attempt on a particular case
is logged as refused (CaseAccess, granted=False) before the 404.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest

from samordna.cases import access
from samordna.core.policies import municipality_ids


def tsi_user(request: HttpRequest, roles: Any = access.READERS) -> Any:
    user: Any = request.user
    if not user.is_verified() or not municipality_ids(user, roles):
        raise Http404
    return user


def case_reader(request: HttpRequest, pk: int, what: str) -> Any:
    """The user, for a read of case `pk`; anyone outside the module is refused and logged."""
    user: Any = request.user
    if not user.is_verified() or not municipality_ids(user, access.READERS):
        access.refuse(user, pk, what=what)
    return user
