"""The shape every form page on a case shares: gate once, form, service, redirect."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from samordna.cases import gate
from samordna.cases.forms import error_summary


def service_errors(form: Any, error: ValidationError) -> None:
    """A service's refusal, shown on the form; the service changed nothing."""
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def gated_form(
    request: HttpRequest,
    pk: int,
    *,
    what: str,
    need: str,
    make_form: Callable[[gate.Allowed, Any], Any],
    save: Callable[[gate.Allowed, dict[str, Any]], Any],
    title: str,
    done: str,
    write: bool = False,
    more_context: Callable[[gate.Allowed], dict[str, Any]] | None = None,
    template: str = "cases/manage_form.html",
) -> HttpResponse:
    allowed = gate.read(request.user, pk, what=what, need=need, write=write)
    form = make_form(allowed, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = save(allowed, form.cleaned_data)
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, done)
            if isinstance(result, HttpResponse):
                return result
            return redirect("cases:detail", pk=allowed.case.pk)
    context = {"form": form, "title": title, "case": allowed.case, "allowed": allowed}
    if form.errors:
        context["error_summary"] = error_summary(form)
    if more_context is not None:
        context |= more_context(allowed)
    return render(request, template, context)
