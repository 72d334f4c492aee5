from django.urls import include, path

from samordna.api import observations, observations_export, reports, views
from samordna.api.viewsets import Router

router = Router()
router.register("municipalities", views.MunicipalityViewSet, basename="municipality")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("areas", views.AreaViewSet, basename="area")
router.register("reports", reports.ReportViewSet, basename="report")
router.register("observations", observations.ObservationViewSet, basename="observation")

urlpatterns = [
    path("schema/", views.SchemaView.as_view(), name="api-schema"),
    path("me/", views.MeView.as_view(), name="api-me"),
    # Before the router, whose observations/<pk>/ would otherwise take "export".
    path(
        "observations/export/",
        observations_export.ObservationExportView.as_view(),
        name="api-observation-export",
    ),
    path("", include(router.urls)),
]
