from django.urls import path

from members.views import applications, register, spreadsheets, transfers
from people import views as people_views

KIND = {"kind": "member"}  # the shared pages of a person (people.views), for this kind
app_name = "members"
urlpatterns = [
    path("", register.member_list, name="list"),
    path("find/", people_views.find_by_id, KIND, name="find"),
    path("new/", register.member_create, name="create"),
    path("export.xlsx", spreadsheets.member_export, name="export"),
    path("export-full.xlsx", people_views.export_full, KIND, name="export_full"),
    path("<int:pk>/", register.member_detail, name="detail"),
    path("<int:pk>/edit/", register.member_edit, name="edit"),
    path("<int:pk>/reveal/", people_views.reveal, KIND, name="reveal"),
    path("<int:pk>/personal-data/", people_views.personal_data, KIND, name="personal_data"),
    path("<int:pk>/erase/", people_views.erase, KIND, name="erase"),
    path("<int:pk>/leave/", register.member_leave, name="leave"),
    path("<int:pk>/dues/", register.member_pay, name="pay"),
    path("honours/<int:org_pk>/new/", register.honour_add, name="honour_add"),
    path("<int:pk>/transfer/", transfers.transfer_request, name="transfer"),
    path("transfers/", transfers.transfer_queue, name="transfers"),
    path("transfers/<int:pk>/decide/", transfers.transfer_decide, name="transfer_decide"),
    path("apply/", applications.apply_pick, name="apply_pick"),
    path("apply/<int:org_pk>/", applications.apply, name="apply"),
    path("apply/done/", applications.apply_done, name="apply_done"),
    path("applications/", applications.application_queue, name="queue"),
    path("applications/<int:pk>/decide/", applications.application_decide, name="decide"),
    path("qr/<int:org_pk>/", applications.org_qr, name="qr"),
    path("import/", people_views.import_upload, KIND, name="import"),
    path("import/template.xlsx", spreadsheets.import_template, name="import_template"),
    path("import/failed/<str:token>.xlsx", spreadsheets.import_failed, name="import_failed"),
]
