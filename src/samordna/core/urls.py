from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from samordna.core.views import accounts, administration, directory, memberships

app_name = "core"

# The start page (`core:home`, at "/") is added to this namespace by samordna.urls: its
# view lives in samordna.start, which reads every domain app.
urlpatterns = [
    path("byt-roll/", memberships.switch_membership, name="switch_membership"),
    path("omraden/", directory.area_list, name="area_list"),
    path("organisationer/", directory.organisation_list, name="organisation_list"),
    path("granskningslogg/", directory.audit_list, name="audit_list"),
    path("administration/personer/", administration.people, name="people"),
    path(
        "administration/personer/<int:pk>/aktiv/",
        administration.membership_toggle,
        name="membership_toggle",
    ),
    path("administration/sakerhet/", administration.security, name="security"),
    path(
        "administration/organisationer/ny/",
        administration.organisation_add,
        name="organisation_add",
    ),
    path(
        "administration/organisationer/<int:pk>/aktiv/",
        administration.organisation_toggle,
        name="organisation_toggle",
    ),
    path(
        "konto/logga-in/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("konto/logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("konto/", accounts.account, name="account"),
    path(
        "konto/losenord/",
        accounts.PasswordChangeView.as_view(success_url=reverse_lazy("core:account")),
        name="password_change",
    ),
    path("konto/tvastegs/aktivera/", accounts.otp_setup, name="otp_setup"),
    path("konto/tvastegs/", accounts.otp_verify, name="otp_verify"),
    path(
        "konto/losenord/aterstall/",
        auth_views.PasswordResetView.as_view(
            success_url=reverse_lazy("core:password_reset_done"),
            subject_template_name="registration/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "konto/losenord/aterstall/skickat/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "konto/losenord/aterstall/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("core:password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "konto/losenord/klart/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
