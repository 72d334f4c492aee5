"""The tertial analysis: /problem/tertial/. Its pages keep the URL names they had in
`problems` (namespace "problems", names tertial_*): problems.urls includes these patterns."""

from django.urls import URLPattern, path

from samordna.tertial import views

urlpatterns: list[URLPattern] = [
    path("tertial/", views.tertial_list, name="tertial_list"),
    path("tertial/<str:period_key>/", views.tertial_detail, name="tertial_detail"),
    path("tertial/<str:period_key>/starta/", views.tertial_start_view, name="tertial_start"),
    path("tertial/<str:period_key>/text/", views.tertial_text_view, name="tertial_text"),
    path("tertial/<str:period_key>/klar/", views.tertial_done_view, name="tertial_done"),
    path("tertial/<str:period_key>/oppna/", views.tertial_reopen_view, name="tertial_reopen"),
    path("tertial/<str:period_key>/urval/", views.tertial_select_view, name="tertial_select"),
    path(
        "tertial/<str:period_key>/urval/<int:pk>/ta-bort/",
        views.tertial_unselect_view,
        name="tertial_unselect",
    ),
    path("tertial/<str:period_key>/mote/", views.tertial_meeting_view, name="tertial_meeting"),
    path("tertial/<str:period_key>/tertialanalys.pdf", views.tertial_pdf, name="tertial_pdf"),
    path("tertial/<str:period_key>/tertialanalys.xlsx", views.tertial_xlsx, name="tertial_xlsx"),
]
