"""The policy registry and the deny-all base policy: one policy object per model.

Kept apart from `policies` (the tenant rules and core's own models' policies) because
it imports no model: `querysets.RestrictedQuerySet.restrict` finds a policy here, and
the models import `querysets`. Import these names from `samordna.core.policies`.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

_REGISTRY: dict[type[models.Model], Policy] = {}


def register(model: type[models.Model]) -> Any:
    def decorate(policy_class: type[Policy]) -> type[Policy]:
        _REGISTRY[model] = policy_class()
        return policy_class

    return decorate


def policy_for(model: type[models.Model]) -> Policy | None:
    return _REGISTRY.get(model)


class Policy:
    """Deny everything. Subclasses grant actions by returning a filter."""

    def scope(self, user: Any, action: str, queryset: models.QuerySet[Any]) -> Any:
        condition = self.condition(user, action)
        return queryset.none() if condition is None else queryset.filter(condition)

    def condition(self, user: Any, action: str) -> Q | None:
        return None

    def can(self, user: Any, action: str, obj: models.Model) -> bool:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return False
        condition = self.condition(user, action)
        if condition is None:
            return False
        return type(obj)._default_manager.filter(condition, pk=obj.pk).exists()
