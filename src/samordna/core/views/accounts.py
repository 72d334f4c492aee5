"""Sign-in extras: the second factor (TOTP) set-up and check, audited password reset."""

from __future__ import annotations

from typing import Any

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from samordna.core import audit, services


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Engångskod"),
        min_length=6,
        max_length=6,
        help_text=gettext_lazy("Sex siffror från appen för tvåstegsverifiering."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]{6}"}
        ),
        error_messages={
            "required": gettext_lazy("Skriv in koden från appen."),
            "min_length": gettext_lazy("Koden har sex siffror."),
            "max_length": gettext_lazy("Koden har sex siffror."),
        },
    )


# django-otp doubles the wait after each wrong code; say so instead of "wrong code".
THROTTLED = gettext_lazy("För många felaktiga koder i rad. Vänta en stund och försök igen.")


def _qr_data_uri(device: TOTPDevice) -> str:
    # An image URI rather than inline SVG: nothing needs to be marked safe.
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, dark="#1b1f24")


def otp_setup(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if user.totpdevice_set.filter(confirmed=True).exists():
        return redirect("core:otp_verify")
    device = user.totpdevice_set.filter(confirmed=False).first()
    if device is None:
        with transaction.atomic():
            device = TOTPDevice.objects.create(user=user, name="Samordna", confirmed=False)
            audit.record(actor=user, action="otp.device_create", target=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not device.verify_is_allowed()[0]:
            form.add_error("token", THROTTLED)
        elif device.verify_token(form.cleaned_data["token"]):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                audit.record(actor=user, action="otp.enrol", target=user)
            otp_login(request, device)
            messages.success(request, _("Tvåstegsverifieringen är aktiverad."))
            return redirect("core:home")
        form.add_error(
            "token", _("Koden stämmer inte. Kontrollera att klockan i telefonen går rätt.")
        )
    return render(
        request,
        "registration/otp_setup.html",
        {
            "form": form,
            "qr_uri": _qr_data_uri(device),
            "secret": _base32(device),
        },
    )


def _base32(device: TOTPDevice) -> str:
    from base64 import b32encode

    return b32encode(device.bin_key).decode("ascii")


def otp_verify(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        devices = TOTPDevice.objects.devices_for_user(user, confirmed=True)
        if not all(device.verify_is_allowed()[0] for device in devices):
            form.add_error("token", THROTTLED)
        elif (device := match_token(user, form.cleaned_data["token"])) is not None:
            otp_login(request, device)
            return redirect("core:home")
        else:
            form.add_error("token", _("Koden stämmer inte. Försök igen med en ny kod."))
    return render(request, "registration/otp_verify.html", {"form": form})


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's view, with the new password recorded in the audit log (never its value)."""

    def form_valid(self, form: Any) -> HttpResponse:
        with transaction.atomic():
            response = super().form_valid(form)
            audit.record(actor=form.user, action="user.password_reset", target=form.user)
        return response


class FeedbackEmailForm(forms.Form):
    feedback_email = forms.BooleanField(
        label=gettext_lazy(
            "Skicka mig ett e-postbrev i veckan om vad som har hänt med mina rapporter"
        ),
        required=False,
    )


def account(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own page: who they are, their roles, password, second factor,
    and whether they want the weekly feedback mail."""
    user: Any = request.user
    if request.method == "POST":
        form = FeedbackEmailForm(request.POST)
        if form.is_valid():
            services.user_set_feedback_email(
                actor=user, user=user, enabled=form.cleaned_data["feedback_email"]
            )
            messages.success(request, _("Ditt val om e-post är sparat."))
            return redirect("core:account")
    return render(
        request,
        "registration/account.html",
        {
            "has_second_factor": user.totpdevice_set.filter(confirmed=True).exists(),
            "all_memberships": user.memberships.select_related("organisation", "municipality"),
            "feedback_form": FeedbackEmailForm(initial={"feedback_email": user.feedback_email}),
        },
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's view (it keeps the session valid), recorded in the audit log."""

    template_name = "registration/password_change.html"

    def form_valid(self, form: Any) -> HttpResponse:
        with transaction.atomic():
            response = super().form_valid(form)
            audit.record(actor=form.user, action="user.password_change", target=form.user)
        messages.success(self.request, _("Lösenordet är bytt."))
        return response
