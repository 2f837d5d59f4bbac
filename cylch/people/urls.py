from django.urls import path

from cylch.people import views

app_name = "people"
urlpatterns = [
    path("people/", views.person_list, name="list"),
    path("people/invite/", views.person_invite, name="invite"),
    path("people/<int:person_id>/", views.person_detail, name="detail"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
