from django.urls import path

from cylch.work import views

app_name = "work"
urlpatterns = [
    path("work/", views.my_work, name="mine"),
    path("work/team/", views.team_work, name="team"),
    path("work/agency/", views.agency_work, name="agency"),
]
