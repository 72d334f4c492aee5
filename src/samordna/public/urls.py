from django.urls import path

from samordna.public import views

app_name = "public"

urlpatterns = [
    # Open to anybody (login_not_required): aggregates only, 404 unless published.
    path("offentlig/<slug:slug>/", views.page, name="page"),
    path("offentlig/<slug:slug>/data.json", views.data, name="data"),
    path("offentlig/<slug:slug>/lofte/<slug:promise_slug>/", views.promise, name="promise"),
    # Signed in: the municipality's choices.
    path("publicering/", views.settings_page, name="settings"),
]
