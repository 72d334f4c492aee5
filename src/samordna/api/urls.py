from django.urls import include, path

from samordna.api import (
    cases,
    export_jobs,
    interventions,
    kolada,
    observations,
    observations_export,
    reports,
    surveys,
    views,
)
from samordna.api.viewsets import Router

router = Router()
router.register("municipalities", views.MunicipalityViewSet, basename="municipality")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("areas", views.AreaViewSet, basename="area")
router.register("reports", reports.ReportViewSet, basename="report")
router.register("observations", observations.ObservationViewSet, basename="observation")
router.register("kolada-values", kolada.KoladaValueViewSet, basename="kolada-value")
router.register("interventions", interventions.InterventionViewSet, basename="intervention")
router.register("surveys", surveys.SurveyViewSet, basename="survey")
# TSI (walled off): api/cases.py is the one module outside cases that reads its models.
router.register("cases", cases.CaseViewSet, basename="case")

urlpatterns = [
    path("schema/", views.SchemaView.as_view(), name="api-schema"),
    path("me/", views.MeView.as_view(), name="api-me"),
    # Before the router, whose observations/<pk>/ would otherwise take "export".
    path(
        "observations/export/",
        observations_export.ObservationExportView.as_view(),
        name="api-observation-export",
    ),
    path(
        "observations/export/jobs/",
        export_jobs.ExportJobListView.as_view(),
        name="api-observation-export-jobs",
    ),
    path(
        "observations/export/jobs/<str:pk>/",
        export_jobs.ExportJobDetailView.as_view(),
        name="api-observation-export-job",
    ),
    path(
        "observations/export/jobs/<str:pk>/file/",
        export_jobs.ExportJobFileView.as_view(),
        name="api-observation-export-job-file",
    ),
    path("", include(router.urls)),
]
