from django.urls import path

from volunteers import views

app_name = "volunteers"
urlpatterns = [
    path("", views.volunteer_list, name="list"),
    path("new/", views.volunteer_create, name="create"),
    path("find/", views.volunteer_find_by_id, name="find"),
    path("<int:pk>/", views.volunteer_detail, name="detail"),
    path("<int:pk>/edit/", views.volunteer_edit, name="edit"),
    path("<int:pk>/reveal/", views.volunteer_reveal, name="reveal"),
    path("<int:pk>/hours/", views.log_hours, name="log_hours"),
    path("<int:pk>/member/link/", views.member_link, name="member_link"),
    path("<int:pk>/member/unlink/", views.member_unlink, name="member_unlink"),
    path("<int:pk>/move/", views.volunteer_move, name="move"),
    path("<int:pk>/account/", views.volunteer_account, name="account"),
    path("teams/memberships/<int:pk>/leave/", views.team_leave, name="team_leave"),
    path("<int:pk>/stars/", views.award_stars, name="award_stars"),
    path("<int:pk>/certificates/new/", views.certificate_create, name="certificate_create"),
    path("stars/<int:pk>/withdraw/", views.withdraw_award, name="withdraw_award"),
    path("certificates/", views.certificate_list, name="certificates"),
    path("records/", views.record_list, name="records"),
    path("records/<int:pk>/decide/", views.record_decide, name="record_decide"),
    path("activities/", views.activity_list, name="activities"),
    path("activities/new/", views.activity_create, name="activity_create"),
    path("activities/<int:pk>/", views.activity_detail, name="activity"),
    path("teams/", views.team_list, name="teams"),
    path("teams/<int:pk>/", views.team_detail, name="team"),
    path("teams/new/", views.team_create, name="team_create"),
    path("orgs/<int:org_pk>/profile/", views.org_profile, name="org_profile"),
    path("import/", views.import_view, name="import"),
    path("import/template/<slug:kind>.xlsx", views.import_template, name="import_template"),
    path("export/volunteers.xlsx", views.export_volunteers, name="export"),
    path("export/volunteers-full.xlsx", views.export_volunteers_full, name="export_full"),
    path("export/records.xlsx", views.export_records, name="export_records"),
    path("me/", views.mine, name="mine"),
    path("me/hours/", views.report_hours, name="report_hours"),
]
