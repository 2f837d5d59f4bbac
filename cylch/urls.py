from django.urls import include, path

urlpatterns = [
    path("", include("cylch.core.urls")),
    path("", include("cylch.signin.urls")),
    path("", include("cylch.people.urls")),
    path("", include("cylch.organisations.urls")),
    path("", include("cylch.audit.urls")),
    path("", include("cylch.children.urls")),
    path("", include("cylch.sharing.urls")),
    path("", include("cylch.timescales.urls")),
    path("", include("cylch.chronology.urls")),
    path("", include("cylch.plans.urls")),
    path("", include("cylch.meetings.urls")),
    path("", include("cylch.register.urls")),
    path("", include("cylch.work.urls")),
    path("", include("cylch.framework.urls")),
    path("", include("cylch.partnerships.urls")),
    path("", include("cylch.accountability.urls")),
    path("", include("cylch.governance.urls")),
    path("", include("cylch.missing.urls")),
    path("", include("cylch.therapy.urls")),
    path("", include("cylch.learning.urls")),
]

handler403 = "cylch.core.views.permission_denied"
handler404 = "cylch.core.views.page_not_found"
handler500 = "cylch.core.views.server_error"
