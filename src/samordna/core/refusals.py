"""Every refusal on record (ASVS 5.0 V16.3.2): a denied request, a failed sign-in, a
lockout and a refused API token each write an audit event `refused.<kind>`.

What an event holds: the actor (the signed-in user, or None), the route attempted (URL
name and method, in `changes`) and, when the URL names one, the target's type and id
from the resolver's keyword arguments. Never the request's data, query string or body;
for a failed sign-in never the name typed (an unknown name may be personal data) and,
for a known one, the user's id only, no user name.

Bursts are summarised. A burst's key is (the actor, or a keyed hash of the client address
when nobody is signed in; the kind; the route and method). The first refusal for a key
writes an event and a `RefusalBurst` row with count 1; each further refusal for that key
within WINDOW of the event adds one to that row's count instead of writing an event. A
script probing 10,000 ids on one route thus writes one event a minute, each carrying how
many refusals it stands for. The count has its own row because the log is append-only
(a trigger refuses UPDATE on it). It is kept in the database, not in Django's cache: the
cache here is per process, so each gunicorn worker would open its own burst and split the
count, and a count only in memory is not on record. The look-up is one indexed query, on
a path that is refused anyway. Two workers refusing the same key in the same instant may
both write an event; the bound is then one event per key, window and worker.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.urls import Resolver404, ResolverMatch, resolve
from django.utils import timezone
from django.utils.crypto import salted_hmac

from samordna.core import audit
from samordna.core.memberships import active_memberships
from samordna.core.models import AuditEvent, Municipality, RefusalBurst

WINDOW = timedelta(seconds=60)
PREFIX = "refused."
# Set on the request by whatever hook recorded or classified its refusal.
KIND_ATTRIBUTE = "samordna_refusal_kind"
RECORDED_ATTRIBUTE = "samordna_refusals_recorded"


def refuse(
    request: HttpRequest | None, *, kind: str, actor: Any = None, actor_label: str | None = None
) -> None:
    """Record one refusal of `request` (summarised into a recent event if there is one)."""
    if request is not None:
        if kind in recorded(request):
            return
        recorded(request).add(kind)
    route, method, target, walled = _route(request)
    actor = actor if actor is not None and actor.pk else None
    key = _burst_key(actor, _address(request), kind, route, method)
    with transaction.atomic():
        since = timezone.now() - WINDOW
        burst = RefusalBurst.objects.filter(key=key, event__created_at__gte=since).last()
        if burst is not None:
            RefusalBurst.objects.filter(pk=burst.pk).update(count=F("count") + 1)
            return
        event = audit.record(
            actor=actor,
            action=PREFIX + kind,
            # Like the cases module's own events (cases/auditing.py): none of the wall's
            # refusals on a municipality's EST audit page.
            municipality=None if walled else _municipality(request, actor),
            target_ref=target,
            changes={"route": route, "method": method},
            actor_label=actor_label,
        )
        RefusalBurst.objects.create(event=event, key=key)


def recorded(request: HttpRequest) -> set[str]:
    """The kinds of refusal already on record for this request (one of each at most)."""
    kinds: set[str] = request.__dict__.setdefault(RECORDED_ATTRIBUTE, set())
    return kinds


def count(event: AuditEvent) -> int:
    """How many refusals the event stands for."""
    burst = getattr(event, "burst", None)
    return burst.count if burst is not None else 1


def _route(request: HttpRequest | None) -> tuple[str, str, tuple[str, str] | None, bool]:
    """The URL name, the method, the target the URL names, and whether it is behind the
    TSI wall (the cases module's pages and API)."""
    if request is None:
        return "", "", None, False
    match: ResolverMatch | None = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return "", request.method or "", None, False
    walled = str(getattr(match.func, "__module__", "")).startswith(settings.SAMORDNA_WALLED_MODULES)
    return match.view_name, request.method or "", _target(match), walled


def _target(match: ResolverMatch) -> tuple[str, str] | None:
    """The object the URL names: `pk`/`id` (typed by the API view's model, else the
    URL's app) or `<type>_pk`/`<type>_id`. Tokens, slugs and other kwargs are left."""
    for name, value in match.kwargs.items():
        if name in ("pk", "id"):
            view = getattr(match.func, "cls", None)
            queryset = getattr(view, "queryset", None)
            model = getattr(view, "model", None) or getattr(queryset, "model", None)
            if model is not None:
                return model._meta.label_lower, str(value)
            return match.app_name or match.view_name, str(value)
        for suffix in ("_pk", "_id"):
            if name.endswith(suffix):
                return name.removesuffix(suffix), str(value)
    return None


def _address(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    address = request.META.get("REMOTE_ADDR", "")
    return salted_hmac("samordna.refusals", address).hexdigest() if address else ""


def _burst_key(actor: Any, address: str, kind: str, route: str, method: str) -> str:
    who = f"user:{actor.pk}" if actor is not None else f"address:{address}"
    return hashlib.sha256("\x1f".join((who, kind, route, method)).encode()).hexdigest()


def _municipality(request: HttpRequest | None, actor: Any) -> Municipality | None:
    """The municipality whose log shows the event: the membership the user works as,
    else their only municipality; none (superusers' log only) when it cannot be told."""
    membership = getattr(request, "membership", None)
    if membership is not None:
        return membership.municipality  # type: ignore[no-any-return]
    if actor is None:
        return None
    municipalities = {m.municipality for m in active_memberships(actor)}
    return municipalities.pop() if len(municipalities) == 1 else None
