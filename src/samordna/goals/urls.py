from django.urls import URLPattern, path

from samordna.goals import views

app_name = "goals"

urlpatterns: list[URLPattern] = [
    path("", views.goal_list, name="list"),
    path("nytt/", views.goal_create_view, name="create"),
    path("<int:pk>/", views.goal_detail, name="detail"),
    path("<int:pk>/andra/", views.goal_edit, name="edit"),
    path("<int:pk>/indikatorer/ny/", views.indicator_create_view, name="indicator_create"),
    path("indikatorer/<int:pk>/andra/", views.indicator_edit, name="indicator_edit"),
    path("indikatorer/<int:pk>/ta-bort/", views.indicator_delete_view, name="indicator_delete"),
]
