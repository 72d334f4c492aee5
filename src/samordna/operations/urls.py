from django.urls import path

from samordna.operations import views, views_areas

app_name = "operations"

urlpatterns = [
    path("", views.municipalities, name="municipalities"),
    path("kommuner/ny/", views.municipality_new, name="municipality_new"),
    path("kommuner/<int:pk>/", views.onboarding, name="onboarding"),
    path("kommuner/<int:pk>/omraden/", views_areas.upload, name="areas_upload"),
    path("kommuner/<int:pk>/omraden/<str:token>/", views_areas.preview, name="areas_preview"),
    path("kommuner/<int:pk>/organisationer/", views.organisation_add, name="organisation_add"),
    path("kommuner/<int:pk>/administrator/", views.admin_invite, name="admin_invite"),
    path("kommuner/<int:pk>/aktiv/", views.activation, name="activation"),
]
