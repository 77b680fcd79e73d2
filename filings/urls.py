from django.urls import path

from filings import views

app_name = "filings"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("overdue/", views.overdue, name="overdue"),
    path("org/<int:org_id>/start/", views.start, name="start"),
    path("<int:pk>/", views.edit, name="edit"),
    path("<int:pk>/upload/", views.upload, name="upload"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/return/", views.return_, name="return"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/pdf/", views.filing_pdf, name="pdf"),
    path("<int:pk>/reissue/", views.reissue, name="reissue"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("attachments/<int:pk>/preview/", views.attachment_preview, name="attachment_preview"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("exports/new/", views.export_start, name="export_start"),
    path("seal/", views.seal, name="seal"),
    path("seal/image/", views.seal_image, name="seal_image"),
    path("verify/<str:token>/", views.verify, name="verify"),
    path("history/", views.history_log, name="history"),
]
