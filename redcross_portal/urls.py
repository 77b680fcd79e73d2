from django.contrib.auth import views as auth_views
from django.urls import include, path

from orgs import views as org_views
from orgs.admin import admin_site

urlpatterns = [
    path("", org_views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(template_name="registration/login.html",
                                                redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", org_views.password_change, name="password_change"),
    path("orgs/", include("orgs.urls")),
    path("notifications/", include("notifications.urls")),
    path("filings/", include("filings.urls")),
    path("notices/", include("notices.urls")),
    path("members/", include("members.urls")),
    path("volunteers/", include("volunteers.urls")),
    path("reports/", include("reports.urls")),
    path("jobs/", include("jobs.urls")),
    path("campaigns/", include("campaigns.urls")),
    path("signing/", include("signing.urls")),
    path("api/", include("api.urls")),
    path("relief/", include("relief.urls")),
    path("training/", include("training.urls")),
    path("verify/", include("training.public_urls")),
    path("disclosure/", include("relief.public_urls")),
    path("admin/", admin_site.urls),
]

handler500 = "orgs.views.server_error"
