"""Reads scoped to a user: `Model.objects.restrict(user, action)` (NetBox's habit).

The rules themselves live in one policy object per model (`policies.py`); this
queryset only finds the policy and applies it. A model without a policy shows
nothing to anybody: deny by default.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.db import models

from samordna.core.policy_registry import policy_for

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from samordna.core.models import User

_M = TypeVar("_M", bound=models.Model)


class RestrictedQuerySet(models.QuerySet[_M]):
    def restrict(self, user: User | AnonymousUser, action: str = "view") -> RestrictedQuerySet[_M]:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        policy = policy_for(self.model)
        if policy is None:
            return self.none()
        return cast(RestrictedQuerySet[_M], policy.scope(user, action, self))


class RestrictedManager(models.Manager[_M]):
    def get_queryset(self) -> RestrictedQuerySet[_M]:
        return RestrictedQuerySet(self.model, using=self._db)

    def restrict(self, user: Any, action: str = "view") -> RestrictedQuerySet[_M]:
        return self.get_queryset().restrict(user, action)
