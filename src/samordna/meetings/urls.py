from django.urls import path

from samordna.meetings import views, views_steps

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("starta/", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/minnesanteckningar/", views.minutes_view, name="minutes"),
    path("<int:pk>/narvaro/", views_steps.attendance, name="attendance"),
    path("<int:pk>/narvaro/ny/", views_steps.attendance_add, name="attendance_add"),
    path("<int:pk>/insats/<int:intervention_pk>/", views_steps.report, name="report"),
    path("<int:pk>/punkt/<int:number>/", views_steps.item_notes, name="item"),
    path("<int:pk>/bedomning/", views_steps.assessments, name="assessments"),
    path("<int:pk>/fokus/", views_steps.focus, name="focus"),
    path("<int:pk>/beslut/", views_steps.decision, name="decision"),
    path("<int:pk>/faststall/", views_steps.confirm, name="confirm"),
    path("<int:pk>/avsluta/", views_steps.close, name="close"),
]
