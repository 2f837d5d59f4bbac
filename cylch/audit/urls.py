from django.urls import path

from cylch.audit import views

app_name = "audit"
urlpatterns = [
    path("audit/", views.trail, name="trail"),
    path("audit/mine/", views.mine, name="mine"),
]
