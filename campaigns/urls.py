from django.urls import path

from campaigns import compliance_views, views

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_create, name="create"),
    path("compliance/", compliance_views.compliance, name="compliance"),
    path("<int:pk>/", views.board, name="board"),
    path("<int:pk>/print/", views.board_print, name="board_print"),
    path("<int:pk>/export/", views.board_export, name="board_export"),
    path("unit/<int:org_pk>/", views.unit, name="unit"),
    path("unit/<int:org_pk>/documents/", views.document_upload, name="document_upload"),
    path("unit/<int:org_pk>/leaders/", views.leader_add, name="leader_add"),
    path("unit/<int:org_pk>/staff/", views.staff_add, name="staff_add"),
    path("unit/<int:org_pk>/paper/", views.paper_copy, name="paper_copy"),
    path("staff/<int:pk>/end/", views.staff_end, name="staff_end"),
    path("documents/<int:pk>/", views.document, name="document"),
]
