"""Downloads of exactly the filtered observations (reports.views_export), and the
background exports too large for that (reports.views_export_jobs)."""

from django.urls import path

from samordna.reports import views_export, views_export_jobs

app_name = "reports_export"

urlpatterns = [
    path("iakttagelser.csv", views_export.observations, {"kind": "csv"}, name="csv"),
    path("iakttagelser.xlsx", views_export.observations, {"kind": "xlsx"}, name="xlsx"),
    path("jobb/", views_export_jobs.jobs, name="jobs"),
    path("jobb/<int:pk>/", views_export_jobs.detail, name="job"),
    path("jobb/<int:pk>/fil/", views_export_jobs.download, name="job_file"),
]
