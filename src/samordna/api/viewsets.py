"""Base views for the API: every query starts from `restrict(user, action)`.

Django's LoginRequiredMiddleware runs before DRF has read the token, so it would send
every token request to the sign-in page. API views therefore opt out of the middleware
(`DRFAuthenticated`) and DRF's own permission classes (IsAuthenticated by default)
answer strangers with 401/403 instead.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from rest_framework import mixins, routers, viewsets

from samordna.core.querysets import RestrictedQuerySet

# DRF's actions as the policies' actions. Anything not listed (OPTIONS, custom actions
# nobody mapped) sees nothing: deny by default.
RESTRICT_ACTIONS = {
    "list": "view",
    "retrieve": "view",
    "create": "add",
    "update": "change",
    "partial_update": "change",
    "destroy": "delete",
}


class DRFAuthenticated:
    """Lets the request past LoginRequiredMiddleware; DRF authenticates it instead."""

    @classmethod
    def as_view(cls, *args: Any, **kwargs: Any) -> Any:
        return login_not_required(super().as_view(*args, **kwargs))  # type: ignore[misc]


class RestrictedViewSet(DRFAuthenticated, viewsets.GenericViewSet):  # type: ignore[type-arg]
    """A viewset over `model`, scoped to what the user may do with the current action.

    An object outside the scope is a 404: for this user it does not exist. Subclasses
    add the action mixins they need; writes go through a service in `perform_*`
    (`create` is not scoped by a queryset, so it must check the policy itself).
    """

    model: ClassVar[type[models.Model]]
    restrict_actions: ClassVar[dict[str, str]] = RESTRICT_ACTIONS
    # Any id reaches the view, so a malformed one ("0.5") is the API's JSON 404, not the
    # site's HTML page for an unknown address.
    lookup_value_regex = "[^/]+"

    def get_queryset(self) -> models.QuerySet[Any]:
        queryset = self.model._default_manager.all()
        if not isinstance(queryset, RestrictedQuerySet):
            raise ImproperlyConfigured(f"{self.model.__name__} has no RestrictedManager")
        action = self.restrict_actions.get(self.action or "")
        if action is None:
            return queryset.none()
        return queryset.restrict(self.request.user, action)


class RestrictedReadOnlyViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    RestrictedViewSet,
):
    """List and retrieve, nothing else."""


class ApiRootView(DRFAuthenticated, routers.APIRootView):
    """The list of resources at /api/v1/."""


class Router(routers.DefaultRouter):
    APIRootView = ApiRootView
    # JSON is the only format: `.json` suffixes would only double the URL map.
    include_format_suffixes = False
