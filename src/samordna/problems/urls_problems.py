from django.urls import URLPattern, path

from samordna.problems import views, views_phases

urlpatterns: list[URLPattern] = [
    path("", views.problem_list, name="list"),
    path("ny/", views.problem_create_view, name="create"),
    path("<int:pk>/", views.problem_detail, name="detail"),
    path("<int:pk>/andra/", views.problem_edit, name="edit"),
    path("<int:pk>/steg/", views.problem_step_view, name="step"),
    path("<int:pk>/iakttagelser/", views.problem_observations, name="observations"),
    path("<int:pk>/polishandelser/", views.problem_police, name="police"),
    path("faser/", views_phases.phase_list, name="phases"),
    path("faser/<int:pk>/", views_phases.phase_edit, name="phase_edit"),
    path("faser/<int:pk>/flytta/", views_phases.phase_move_view, name="phase_move"),
    path("faser/omrade/<int:area_pk>/", views_phases.area_phase, name="area_phase"),
]
