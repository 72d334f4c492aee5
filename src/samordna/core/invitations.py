"""The e-mail that lets an invited user choose their own password (Django's reset token)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from samordna.core.models import User


def send_invitation(user: User) -> None:
    path = reverse(
        "core:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    body = render_to_string(
        "registration/invitation_email.txt",
        {"user": user, "link": settings.SITE_URL.rstrip("/") + path},
    )
    send_mail("Välkommen till Samordna", body, None, [user.email])
