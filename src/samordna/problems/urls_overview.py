from django.urls import URLPattern, path

from samordna.problems import views_overview as views

urlpatterns: list[URLPattern] = [
    path("oversikt/", views.overview, name="overview"),
]
