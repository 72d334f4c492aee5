from django.urls import path

from samordna.groups import views

app_name = "groups"

# `key` is a week or a tertial (2026-W47, 2026-T3); the view answers 404 to anything else.
urlpatterns = [
    path("", views.index, name="index"),
    path("ny/", views.create, name="create"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/bjud-in/", views.invite, name="invite"),
    path("<slug:slug>/samtycke/", views.consent, name="consent"),
    path("<slug:slug>/aterkalla/", views.revoke, name="revoke"),
    path("<slug:slug>/<str:key>/", views.picture, name="picture"),
]
