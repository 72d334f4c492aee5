from django.urls import path

from samordna.cases import (
    views,
    views_leadership,
    views_lifecycle,
    views_manage,
    views_needs,
    views_work,
)

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("ledningsgrupp/", views_leadership.leadership, name="leadership"),
    path("ledningsgrupp/fragor/<int:escalation_pk>/", views_leadership.decide, name="decide"),
    path("var-glappen-finns/", views_leadership.register, name="boundaries"),
    path("atkomst-utanfor-samtycke/", views.outside_scope, name="outside_scope"),
    path("program/<int:programme_pk>/nytt/", views_manage.case_open, name="case_open"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/vardnadshavare/ny/", views_manage.guardian_add, name="guardian_add"),
    path("<int:pk>/team/ny/", views_manage.team_add, name="team_add"),
    path("<int:pk>/team/<int:member_pk>/ta-bort/", views_manage.team_remove, name="team_remove"),
    path("<int:pk>/behov/nytt/", views_needs.need_new, name="need_new"),
    path("<int:pk>/identitet/", views.identity, name="identity"),
    path("<int:pk>/samtycke/nytt/", views_manage.consent_add, name="consent_add"),
    path(
        "<int:pk>/samtycke/<int:consent_pk>/aterkalla/",
        views_manage.consent_revoke,
        name="consent_revoke",
    ),
    path("<int:pk>/annan-grund/ny/", views_manage.other_basis_add, name="other_basis_add"),
    path("<int:pk>/utlamnande/nytt/", views_manage.disclosure_add, name="disclosure_add"),
    path("<int:pk>/behov/<int:need_pk>/svar/", views_needs.need_answer, name="need_answer"),
    path("<int:pk>/behov/<int:need_pk>/foresla/", views_needs.need_propose, name="need_propose"),
    path("<int:pk>/avsluta/", views_lifecycle.close, name="close"),
    path("<int:pk>/bevarande/", views_lifecycle.legal_hold, name="legal_hold"),
    path("<int:pk>/gallra/", views_lifecycle.erase, name="erase"),
    path("<int:pk>/atkomst/", views.access_log, name="access_log"),
    path("<int:pk>/registerutdrag/", views.export, name="export"),
    path("<int:pk>/ny/<slug:part>/", views_work.work_add, name="work_add"),
    path("moten/", views_work.meeting_list, name="meetings"),
    path("moten/<int:pk>/", views_work.meeting_detail, name="meeting"),
    path("moten/<int:pk>/arende/<int:case_pk>/", views_work.minutes, name="minutes"),
]
