from django.urls import path

from samordna.surveys import views, views_import

app_name = "surveys"

urlpatterns = [
    path("", views.survey_list, name="list"),
    path("import/", views_import.upload, name="import"),
    path("import/<str:token>/", views_import.preview, name="import_preview"),
    path("import/<str:token>/fel.csv", views_import.problems, name="import_problems"),
    path("<int:pk>/", views.results, name="results"),
    path("<int:pk>/resultat.csv", views.export_csv, name="export"),
]
