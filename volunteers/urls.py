from django.urls import path

from grassroots import views as grassroots_views
from people import views as people_views
from volunteers.views import activities, hours, register, spreadsheets, teams

KIND = {"kind": "volunteer"}  # the shared pages of a person (people.views), for this kind
app_name = "volunteers"
urlpatterns = [
    path("", register.volunteer_list, name="list"),
    path("new/", register.volunteer_create, name="create"),
    path("find/", people_views.find_by_id, KIND, name="find"),
    path("<int:pk>/", register.volunteer_detail, name="detail"),
    path("<int:pk>/edit/", register.volunteer_edit, name="edit"),
    path("<int:pk>/reveal/", people_views.reveal, KIND, name="reveal"),
    path("<int:pk>/personal-data/", people_views.personal_data, KIND, name="personal_data"),
    path("<int:pk>/erase/", people_views.erase, KIND, name="erase"),
    path("<int:pk>/hours/", hours.log_hours, name="log_hours"),
    path("<int:pk>/member/link/", register.member_link, name="member_link"),
    path("<int:pk>/member/unlink/", register.member_unlink, name="member_unlink"),
    path("<int:pk>/move/", register.volunteer_move, name="move"),
    path("<int:pk>/account/", register.volunteer_account, name="account"),
    path("teams/memberships/<int:pk>/leave/", teams.team_leave, name="team_leave"),
    path("<int:pk>/stars/", hours.award_stars, name="award_stars"),
    path("<int:pk>/certificates/new/", hours.certificate_create, name="certificate_create"),
    path("stars/<int:pk>/withdraw/", hours.withdraw_award, name="withdraw_award"),
    path("certificates/", hours.certificate_list, name="certificates"),
    path("records/", hours.record_list, name="records"),
    path("records/<int:pk>/decide/", hours.record_decide, name="record_decide"),
    path("activities/", activities.activity_list, name="activities"),
    path("activities/new/", activities.activity_create, name="activity_create"),
    path("activities/<int:pk>/", activities.activity_detail, name="activity"),
    path("activities/<int:pk>/roster/", activities.roster_add, name="roster_add"),
    path("activities/<int:pk>/roster/<int:volunteer_pk>/remove/", activities.roster_remove, name="roster_remove"),
    path("teams/", teams.team_list, name="teams"),
    path("teams/<int:pk>/", teams.team_detail, name="team"),
    path("teams/new/", teams.team_create, name="team_create"),
    path("orgs/<int:org_pk>/profile/", grassroots_views.org_profile, name="org_profile"),
    path("import/", people_views.import_upload, KIND, name="import"),
    path("import/template/<slug:kind>.xlsx", spreadsheets.import_template, name="import_template"),
    path("export/volunteers.xlsx", spreadsheets.export_volunteers, name="export"),
    path("export/volunteers-full.xlsx", people_views.export_full, KIND, name="export_full"),
    path("export/records.xlsx", spreadsheets.export_records, name="export_records"),
    path("me/", hours.mine, name="mine"),
    path("me/hours/", hours.report_hours, name="report_hours"),
]
