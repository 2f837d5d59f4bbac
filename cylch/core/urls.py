from django.urls import path

from cylch.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("language/<str:code>/", views.language, name="language"),
    path("session/keepalive/", views.keepalive, name="keepalive"),
    path("drafts/", views.draft_save, name="draft_save"),
    path("messages/", views.notifications, name="notifications"),
]
