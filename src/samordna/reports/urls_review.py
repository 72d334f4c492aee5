"""The review queue (coordinators and admins): list, one observation, its actions, bulk."""

from django.urls import path

from samordna.reports import views_review

app_name = "reports_review"

urlpatterns = [
    path("", views_review.queue, name="queue"),
    path("alla/", views_review.bulk, name="bulk"),
    path("<int:pk>/", views_review.detail, name="detail"),
    path("<int:pk>/ratta/", views_review.correct, name="correct"),
    path("<int:pk>/avvisa/", views_review.reject, name="reject"),
    path("<int:pk>/dubblett/", views_review.mark_duplicate, name="duplicate"),
    path("<int:pk>/granskad/", views_review.mark_reviewed, name="reviewed"),
    path("<int:pk>/ta-bort-text/", views_review.redact, name="redact"),
]
