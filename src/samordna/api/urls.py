from django.urls import include, path

from samordna.api import (
    agreements,
    cases,
    cause_analysis,
    export_jobs,
    goals,
    interventions,
    kolada,
    observations,
    observations_export,
    plans,
    problems,
    reports,
    situation,
    surveys,
    tertial,
    views,
)
from samordna.api.ogc import views as ogc
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
router.register("problems", problems.ProblemViewSet, basename="problem")
router.register("action-plans", plans.ActionPlanViewSet, basename="action-plan")
router.register("agreements", agreements.AgreementViewSet, basename="agreement")
router.register("citizen-promises", agreements.CitizenPromiseViewSet, basename="citizen-promise")
router.register("goals", goals.GoalViewSet, basename="goal")
router.register("goal-indicators", goals.IndicatorViewSet, basename="goal-indicator")
router.register(
    "situation-pictures", situation.SituationPictureViewSet, basename="situation-picture"
)
router.register("tertial-analyses", tertial.TertialAnalysisViewSet, basename="tertial-analysis")
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
    path(
        "problems/<str:problem_id>/cause-analysis/",
        cause_analysis.CauseAnalysisView.as_view(),
        name="api-cause-analysis",
    ),
    path(
        "problems/<str:problem_id>/cause-analysis/causes/",
        cause_analysis.CauseListView.as_view(),
        name="api-cause-analysis-causes",
    ),
    path(
        "problems/<str:problem_id>/cause-analysis/causes/<str:number>/deactivate/",
        cause_analysis.CauseDeactivateView.as_view(),
        name="api-cause-analysis-cause-deactivate",
    ),
    # OGC API - Features: its paths have no trailing slash, as the standard writes them.
    path("ogc/", ogc.LandingView.as_view(), name="api-ogc-landing"),
    path("ogc/conformance", ogc.ConformanceView.as_view(), name="api-ogc-conformance"),
    path("ogc/collections", ogc.CollectionsView.as_view(), name="api-ogc-collections"),
    path(
        "ogc/collections/<str:collection_id>",
        ogc.CollectionView.as_view(),
        name="api-ogc-collection",
    ),
    path(
        "ogc/collections/<str:collection_id>/items",
        ogc.ItemsView.as_view(),
        name="api-ogc-items",
    ),
    path(
        "ogc/collections/<str:collection_id>/items/<str:feature_id>",
        ogc.ItemView.as_view(),
        name="api-ogc-item",
    ),
    path("", include(router.urls)),
]
