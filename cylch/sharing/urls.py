from django.urls import path

from cylch.sharing import views

app_name = "sharing"
urlpatterns = [
    path("sharing-agreements/", views.agreement_list, name="list"),
    path("sharing-agreements/new/", views.agreement_new, name="new"),
    path("sharing-agreements/<int:agreement_id>/", views.agreement_detail, name="detail"),
    path("sharing-agreements/flags/", views.flags, name="flags"),
]
