from django.urls import path

from samordna.reports import views, views_feedback

app_name = "reports"

urlpatterns = [
    path("rapportera/", views.submit, name="submit"),
    path("rapportera/tack/", views.submitted, name="submitted"),
    path("rapportera/sw.js", views.service_worker, name="service_worker"),
    path("mina-rapporter/", views.mine, name="mine"),
    path("aterkoppling/", views_feedback.feedback_list, name="feedback"),
]
