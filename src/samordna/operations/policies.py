"""Who may use the operator's pages: the installation's operator, nobody else.

Not a municipality role: a flag on the user (`User.is_operator`), whose second factor
core.middleware always demands. A refusal raises PermissionDenied, which the refusal
middleware puts on record (core.refusals)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from samordna.core.models import Municipality, User


def operator(request: HttpRequest) -> User:
    """The signed-in operator, or PermissionDenied (403) for anyone else."""
    user = request.user
    if not isinstance(user, User) or not user.is_active or not user.is_operator:
        raise PermissionDenied
    return user


def operated_municipality(request: HttpRequest, pk: int) -> tuple[User, Municipality]:
    """The operator and the municipality they work on (the operator sees every one)."""
    user = operator(request)
    municipality = Municipality.objects.filter(pk=pk).first()
    if municipality is None:
        raise Http404
    return user, municipality
