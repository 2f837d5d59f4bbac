from django.urls import path

from cylch.organisations import views

app_name = "organisations"
urlpatterns = [
    path("agencies/", views.directory, name="directory"),
    path("teams/", views.team_list, name="teams"),
    path("teams/<int:team_id>/", views.team_edit, name="team_edit"),
]
