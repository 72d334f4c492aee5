from django.urls import path

from samordna.situation import views, views_recipients

app_name = "situation"

# `key` is a period key (2026-W47, 2026-T3 or 2026); the views answer 404 to anything else.
urlpatterns = [
    path("", views.index, name="index"),
    path("sandlista/", views_recipients.recipient_list, name="recipients"),
    path("utskick/misslyckade/", views_recipients.failed_deliveries, name="failed_deliveries"),
    path("sandlista/<int:pk>/ta-bort/", views_recipients.recipient_remove, name="recipient_remove"),
    path("bild/<int:pk>/", views.picture, name="picture"),
    path("bild/<int:pk>/skicka-igen/", views.retry, name="retry"),
    path("bild/<int:pk>/jamfor/<int:other>/", views.compare, name="compare"),
    path("<str:key>/", views.period, name="period"),
    # The name the meeting pages use for a week's picture: the same URL and view.
    path("<str:key>/", views.period, name="week"),
    path("<str:key>/export.<str:fmt>", views.export, name="export"),
    path("<str:key>/<str:action>/", views.act, name="act"),
]
