from django.urls import path

from samordna.plans.views import agreement, plan

app_name = "plans"

urlpatterns = [
    path("", plan.index, name="index"),
    path("ny/", plan.plan_create, name="create"),
    path("<int:pk>/", plan.plan_detail, name="detail"),
    path("<int:pk>/andra/", plan.plan_edit, name="edit"),
    path("<int:pk>/rader/", plan.plan_rows, name="rows"),
    path("<int:pk>/rader/fran-insats/", plan.row_from_intervention, name="row_from_intervention"),
    path("<int:pk>/rader/<int:row_pk>/", plan.row_edit, name="row_edit"),
    path("<int:pk>/rader/<int:row_pk>/ta-bort/", plan.row_delete, name="row_delete"),
    path("<int:pk>/besluta/", plan.plan_decide, name="decide"),
    path("<int:pk>/revidera/", plan.plan_revise, name="revise"),
    path("<int:pk>/jamfor/", plan.plan_compare, name="compare"),
    path("<int:pk>/export/<str:fmt>/", plan.plan_export, name="export"),
    path("overenskommelse/ny/", agreement.agreement_create, name="agreement_create"),
    path("overenskommelse/<int:pk>/", agreement.agreement_detail, name="agreement_detail"),
    path("overenskommelse/<int:pk>/andra/", agreement.agreement_edit, name="agreement_edit"),
    path("overenskommelse/<int:pk>/lofte/ny/", agreement.promise_create, name="promise_create"),
    path("lofte/<int:pk>/", agreement.promise_detail, name="promise_detail"),
    path("lofte/<int:pk>/andra/", agreement.promise_edit, name="promise_edit"),
    path("lofte/<int:pk>/ataganden/ny/", agreement.commitment_create, name="commitment_create"),
    path("ataganden/<int:pk>/andra/", agreement.commitment_edit, name="commitment_edit"),
]
