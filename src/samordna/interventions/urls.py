from django.urls import path

from samordna.interventions import views

app_name = "interventions"

urlpatterns = [
    path("", views.intervention_list, name="list"),
    path("ny/", views.intervention_create_view, name="create"),
    path("<int:pk>/", views.intervention_detail, name="detail"),
    path("<int:pk>/rapportera/", views.intervention_report_view, name="report"),
]
