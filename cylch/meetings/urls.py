from django.urls import path

from cylch.meetings import views

app_name = "meetings"
urlpatterns = [
    path("children/<int:child_id>/meetings/", views.meeting_list, name="list"),
    path("children/<int:child_id>/meetings/arrange/", views.meeting_arrange, name="arrange"),
    path("children/<int:child_id>/meetings/<int:meeting_id>/", views.meeting_detail, name="detail"),
    path("children/<int:child_id>/meetings/<int:meeting_id>/change/", views.meeting_change, name="change"),
    path("children/<int:child_id>/meetings/<int:meeting_id>/cancel/", views.meeting_cancel, name="cancel"),
    path("children/<int:child_id>/meetings/<int:meeting_id>/invite/", views.invite, name="invite"),
    path("children/<int:child_id>/meetings/<int:meeting_id>/attendance/", views.attendance, name="attendance"),
    path("children/<int:child_id>/meetings/<int:meeting_id>/held/", views.held, name="held"),
    path("children/<int:child_id>/meetings/<int:meeting_id>/circulated/", views.circulated, name="circulated"),
    path("children/<int:child_id>/meetings/<int:meeting_id>/views/", views.views, name="views"),
    path("children/<int:child_id>/meetings/<int:meeting_id>/decision/", views.decision, name="decision"),
    path("children/<int:child_id>/meetings/<int:meeting_id>/actions/", views.action_add, name="action_add"),
]
