"""The municipality's categories (coordinators and admins): the tree and its changes."""

from django.urls import path

from samordna.reports import views_categories, views_defaults

app_name = "reports_categories"

urlpatterns = [
    path("", views_categories.category_list, name="list"),
    path("ny/", views_categories.category_add, name="add"),
    path("forval/", views_defaults.report_defaults, name="defaults"),
    path("<int:pk>/namn/", views_categories.category_rename, name="rename"),
    path("<int:pk>/ur-bruk/", views_categories.category_retire, name="retire"),
    path("<int:pk>/aterinfor/", views_categories.category_restore, name="restore"),
    path("<int:pk>/ta-bort/", views_categories.category_delete, name="delete"),
]
