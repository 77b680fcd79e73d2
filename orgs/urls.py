from django.urls import path, re_path

from orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.org_tree, name="tree"),
    path("<int:pk>/", views.org_detail, name="detail"),
    path("<int:pk>/children/", views.org_children, name="children"),
    path("<int:parent_pk>/new/", views.org_create, name="create"),
    path("<int:pk>/edit/", views.org_edit, name="edit"),
    re_path(r"^(?P<pk>\d+)/(?P<action>move|merge|dissolve)/$", views.org_restructure, name="restructure"),
    path("accounts/", views.account_list, name="accounts"),
    path("accounts/new/", views.account_create, name="account_create"),
    path("accounts/<int:pk>/", views.account_edit, name="account_edit"),
    path("accounts/<int:pk>/unlock/", views.account_unlock, name="account_unlock"),
    path("audit/", views.audit_log, name="audit"),
]
