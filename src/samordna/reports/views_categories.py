"""The municipality's categories (coordinators and admins): the tree, and one small POST
form per change. Each change is one call to a `reports.categories` service, which
checks the role again, validates and audits."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from samordna.core.models import Membership
from samordna.reports import categories as services
from samordna.reports.categories import CATEGORY_ADMINS, NAME_MAX, CategoryNode
from samordna.reports.models import Category

PAGE = "reports_categories:list"
_NAME_ERRORS = {
    "required": gettext_lazy("Ange ett namn."),
    "max_length": gettext_lazy("Namnet får vara högst %(limit_value)d tecken."),
}


class AddForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Namn"), max_length=NAME_MAX, error_messages=_NAME_ERRORS
    )
    parent = forms.TypedChoiceField(
        label=gettext_lazy("Underkategori till"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": gettext_lazy("Välj en kategori i listan.")},
    )

    def __init__(self, *args: Any, tree: list[CategoryNode], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only top-level categories in use: the tree is two levels deep.
        parents = [(n.category.pk, n.name) for n in tree if not n.is_retired]
        field: Any = self.fields["parent"]
        field.choices = [("", _("Ingen – en ny huvudkategori")), *parents]


class RenameForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Nytt namn"), max_length=NAME_MAX, error_messages=_NAME_ERRORS
    )


def _category_admin(request: HttpRequest) -> Membership:
    membership: Membership | None = getattr(request, "membership", None)
    if membership is None or membership.role not in CATEGORY_ADMINS:
        raise PermissionDenied
    return membership


def _category(request: HttpRequest, membership: Membership, pk: int) -> Category:
    """National or the municipality's own; another municipality's does not exist here."""
    category = (
        Category.objects.restrict(request.user)
        .filter(Q(municipality=None) | Q(municipality=membership.municipality), is_active=True)
        .filter(pk=pk)
        .first()
    )
    if category is None:
        raise Http404
    return category


def category_list(request: HttpRequest) -> HttpResponse:
    return _page(request, _category_admin(request))


def _page(
    request: HttpRequest,
    membership: Membership,
    *,
    add_form: AddForm | None = None,
    rename: tuple[int, RenameForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    tree = services.categories_for(membership.municipality, user=request.user, include_retired=True)
    deletable = services.deletable_ids(tree)
    rows = []
    for node in tree:
        for row, parent in ((node, None), *((child, node) for child in node.children)):
            pk = row.category.pk
            form = rename[1] if rename and rename[0] == pk else None
            rows.append(
                {
                    "node": row,
                    "parent": parent,
                    "deletable": pk in deletable,
                    "rename_form": form or RenameForm(prefix=f"c{pk}", initial={"name": row.name}),
                }
            )
    context = {"rows": rows, "add_form": add_form or AddForm(tree=tree)}
    return render(request, "reports/categories.html", context, status=status)


def _put_errors(form: forms.Form, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


@require_POST
def category_add(request: HttpRequest) -> HttpResponse:
    membership = _category_admin(request)
    municipality = membership.municipality
    tree = services.categories_for(municipality, user=request.user, include_retired=True)
    form = AddForm(request.POST, tree=tree)
    if form.is_valid():
        parent = next(
            (n.category for n in tree if n.category.pk == form.cleaned_data["parent"]), None
        )
        try:
            category = services.category_add(
                actor=_actor(request),
                municipality=municipality,
                name=form.cleaned_data["name"],
                parent=parent,
            )
        except ValidationError as exc:
            _put_errors(form, exc)
        else:
            messages.success(request, _("”%(name)s” är tillagd.") % {"name": category.name})
            return redirect(PAGE)
    return _page(request, membership, add_form=form, status=400)


@require_POST
def category_rename(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _category_admin(request)
    municipality = membership.municipality
    category = _category(request, membership, pk)
    before = services.shown_name(municipality, category)
    form = RenameForm(request.POST, prefix=f"c{pk}")
    if form.is_valid():
        try:
            services.category_rename(
                actor=_actor(request),
                municipality=municipality,
                category=category,
                name=form.cleaned_data["name"],
            )
        except ValidationError as exc:
            _put_errors(form, exc)
        else:
            after = services.shown_name(municipality, category)
            text = _("”%(before)s” heter nu ”%(after)s” i kommunen.")
            messages.success(request, text % {"before": before, "after": after})
            return redirect(PAGE)
    return _page(request, membership, rename=(pk, form), status=400)


@require_POST
def category_retire(request: HttpRequest, pk: int) -> HttpResponse:
    text = _("”%(name)s” används inte längre i kommunen. Iakttagelser som har den behåller den.")
    return _change(request, pk, services.category_retire, text)


@require_POST
def category_restore(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(request, pk, services.category_restore, _("”%(name)s” används igen."))


@require_POST
def category_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(request, pk, services.category_delete, _("”%(name)s” är borttagen."))


def _change(request: HttpRequest, pk: int, service: Any, text: str) -> HttpResponse:
    """One service call on one category, its outcome as a message on the page."""
    membership = _category_admin(request)
    municipality = membership.municipality
    category = _category(request, membership, pk)
    name = services.shown_name(municipality, category)
    try:
        service(actor=_actor(request), municipality=municipality, category=category)
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(request, text % {"name": name})
    return redirect(PAGE)


def _actor(request: HttpRequest) -> Any:
    return request.user
