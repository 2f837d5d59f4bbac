from django.urls import path

from cylch.organisations import views

app_name = "organisations"
urlpatterns = [
    path("agencies/", views.directory, name="directory"),
]
