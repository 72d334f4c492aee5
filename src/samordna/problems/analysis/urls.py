from django.urls import URLPattern, path

from samordna.problems.analysis import views

urlpatterns: list[URLPattern] = [
    path("<int:pk>/orsaksanalys/", views.workspace, name="analysis"),
    path("<int:pk>/orsaksanalys/andra/<slug:section>/", views.edit_section, name="analysis_edit"),
    path("<int:pk>/orsaksanalys/orsaker/", views.cause_add, name="analysis_cause_add"),
    path(
        "<int:pk>/orsaksanalys/orsaker/<int:number>/",
        views.cause_set_active,
        name="analysis_cause_active",
    ),
    path("<int:pk>/orsaksanalys/dela/", views.share, name="analysis_share"),
    path("<int:pk>/orsaksanalys/pdf/", views.pdf, name="analysis_pdf"),
]
