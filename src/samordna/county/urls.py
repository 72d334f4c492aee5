from django.urls import path

from samordna.county import views

app_name = "county"

urlpatterns = [
    # The county officer's view of the municipalities that share with the county.
    path("lan/", views.overview, name="overview"),
    path("lan/efterlevnad/", views.compliance_page, name="compliance"),
    path("lan/efterlevnad/export.<str:fmt>", views.compliance_export, name="compliance_export"),
    # The municipality admin: share with the county, or stop.
    path("lan/delning/", views.sharing, name="sharing"),
    path("lan/delning/<str:action>/", views.sharing_change, name="sharing_change"),
    # The municipality's own users: the law's checklist and the coordination function.
    path("lagen/", views.checklist, name="checklist"),
    path("lagen/samordningsfunktion/", views.coordination, name="coordination"),
]
