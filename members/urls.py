from django.urls import path

from members import views

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("find/", views.member_find_by_id, name="find"),
    path("new/", views.member_create, name="create"),
    path("export.xlsx", views.member_export, name="export"),
    path("export-full.xlsx", views.member_export_full, name="export_full"),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("<int:pk>/edit/", views.member_edit, name="edit"),
    path("<int:pk>/reveal/", views.member_reveal, name="reveal"),
    path("<int:pk>/personal-data/", views.member_personal_data, name="personal_data"),
    path("<int:pk>/erase/", views.member_erase, name="erase"),
    path("<int:pk>/leave/", views.member_leave, name="leave"),
    path("<int:pk>/dues/", views.member_pay, name="pay"),
    path("honours/<int:org_pk>/new/", views.honour_add, name="honour_add"),
    path("<int:pk>/transfer/", views.transfer_request, name="transfer"),
    path("transfers/", views.transfer_queue, name="transfers"),
    path("transfers/<int:pk>/decide/", views.transfer_decide, name="transfer_decide"),
    path("apply/", views.apply_pick, name="apply_pick"),
    path("apply/<int:org_pk>/", views.apply, name="apply"),
    path("apply/done/", views.apply_done, name="apply_done"),
    path("applications/", views.application_queue, name="queue"),
    path("applications/<int:pk>/decide/", views.application_decide, name="decide"),
    path("qr/<int:org_pk>/", views.org_qr, name="qr"),
    path("import/", views.import_upload, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("import/failed/<str:token>.xlsx", views.import_failed, name="import_failed"),
]
