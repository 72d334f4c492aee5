"""Downloads of exactly the filtered observations (reports.views_export)."""

from django.urls import path

from samordna.reports import views_export

app_name = "reports_export"

urlpatterns = [
    path("iakttagelser.csv", views_export.observations, {"kind": "csv"}, name="csv"),
    path("iakttagelser.xlsx", views_export.observations, {"kind": "xlsx"}, name="xlsx"),
]
