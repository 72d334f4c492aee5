from django.urls import path

from samordna.cases import views, views_manage, views_work

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("ledningsgrupp/", views.leadership, name="leadership"),
    path("atkomst-utanfor-samtycke/", views.outside_scope, name="outside_scope"),
    path("program/<int:programme_pk>/nytt/", views_manage.case_open, name="case_open"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/vardnadshavare/ny/", views_manage.guardian_add, name="guardian_add"),
    path("<int:pk>/team/ny/", views_manage.team_add, name="team_add"),
    path("<int:pk>/behov/nytt/", views_manage.need_new, name="need_new"),
    path("<int:pk>/identitet/", views.identity, name="identity"),
    path("<int:pk>/samtycke/nytt/", views.consent_add, name="consent_add"),
    path(
        "<int:pk>/samtycke/<int:consent_pk>/aterkalla/",
        views.consent_revoke,
        name="consent_revoke",
    ),
    path("<int:pk>/behov/<int:need_pk>/svar/", views.need_answer, name="need_answer"),
    path("<int:pk>/atkomst/", views.access_log, name="access_log"),
    path("<int:pk>/registerutdrag/", views.export, name="export"),
    path(
        "<int:pk>/ny/<slug:part>/",
        views_work.work_add,
        name="work_add",
    ),
    path("moten/", views_work.meeting_list, name="meetings"),
    path("moten/<int:pk>/", views_work.meeting_detail, name="meeting"),
    path("moten/<int:pk>/arende/<int:case_pk>/", views_work.minutes, name="minutes"),
]
