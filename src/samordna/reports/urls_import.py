"""Importing observations from a file (upload, preview, confirm)."""

from django.urls import path

from samordna.reports import views_import

app_name = "reports_import"

urlpatterns = [
    path("", views_import.upload, name="upload"),
    path("<str:token>/", views_import.preview, name="preview"),
    path("<str:token>/fel.csv", views_import.problems, name="problems"),
]
