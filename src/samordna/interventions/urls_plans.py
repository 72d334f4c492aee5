from django.urls import path

from samordna.interventions import views_plans as views

app_name = "plans"

urlpatterns = [
    path("", views.index, name="index"),
    path("ny/", views.plan_create, name="create"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/andra/", views.plan_edit, name="edit"),
    path("<int:pk>/rader/", views.plan_rows, name="rows"),
    path("<int:pk>/rader/fran-insats/", views.row_from_intervention, name="row_from_intervention"),
    path("<int:pk>/rader/<int:row_pk>/", views.row_edit, name="row_edit"),
    path("<int:pk>/rader/<int:row_pk>/ta-bort/", views.row_delete, name="row_delete"),
    path("<int:pk>/besluta/", views.plan_decide, name="decide"),
    path("<int:pk>/revidera/", views.plan_revise, name="revise"),
    path("<int:pk>/jamfor/", views.plan_compare, name="compare"),
    path("<int:pk>/export/<str:fmt>/", views.plan_export, name="export"),
    path("overenskommelse/ny/", views.agreement_create, name="agreement_create"),
    path("overenskommelse/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("overenskommelse/<int:pk>/andra/", views.agreement_edit, name="agreement_edit"),
    path("overenskommelse/<int:pk>/lofte/ny/", views.promise_create, name="promise_create"),
    path("lofte/<int:pk>/", views.promise_detail, name="promise_detail"),
    path("lofte/<int:pk>/andra/", views.promise_edit, name="promise_edit"),
    path("lofte/<int:pk>/ataganden/ny/", views.commitment_create, name="commitment_create"),
    path("ataganden/<int:pk>/andra/", views.commitment_edit, name="commitment_edit"),
]
