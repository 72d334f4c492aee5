from django.urls import path

from samordna.interventions import views

app_name = "interventions"

urlpatterns = [
    path("", views.intervention_list, name="list"),
    path("ny/", views.intervention_create_view, name="create"),
    path("<int:pk>/", views.intervention_detail, name="detail"),
    path("<int:pk>/andra/", views.intervention_edit_view, name="edit"),
    path("<int:pk>/rapportera/", views.intervention_report_view, name="report"),
    path("<int:pk>/uppfoljning/ny/", views.followup_create_view, name="followup_create"),
    path("<int:pk>/uppfoljning/<int:fid>/", views.effect_view, name="effect"),
]
