from django.urls import path

from notices import views

app_name = "notices"

urlpatterns = [
    path("", views.notice_list, name="list"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/reply/", views.reply, name="reply"),
    path("<int:pk>/receipts/", views.receipts, name="receipts"),
    path("<int:pk>/receipts.xlsx", views.export, name="export"),
    path("<int:pk>/remind/", views.remind, name="remind"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("replies/<int:pk>/file/", views.reply_file, name="reply_file"),
    path("public/<int:org_pk>/", views.public_notices, name="publicity"),
    path("public/<int:org_pk>/honours/", views.public_honours, name="honours"),
    path("objections/", views.objections, name="objections"),
    path("objections/<int:pk>/decide/", views.decide, name="decide"),
    path("papers/", views.paper_list, name="papers"),
    path("papers/<int:pk>/file/", views.paper_file, name="paper_file"),
    path("papers/<int:pk>/return/", views.paper_return, name="paper_return"),
    path("year-end/", views.year_end, name="year_end"),
    path("year-end/remind/", views.year_end_remind, name="year_end_remind"),
    path("year-end/<int:pk>/", views.year_end_report, name="year_end_report"),
    path("year-end/<int:pk>/return/", views.year_end_return, name="year_end_return"),
]
