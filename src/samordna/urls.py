"""URL map. Every view requires sign-in (LoginRequiredMiddleware) unless it is
marked `login_not_required`; tests walk this map to hold that line."""

from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("samordna.api.urls")),
    path("", include("samordna.core.urls")),
]

handler400 = "samordna.core.views.errors.bad_request"
handler403 = "samordna.core.views.errors.permission_denied"
handler404 = "samordna.core.views.errors.page_not_found"
handler500 = "samordna.core.views.errors.server_error"
