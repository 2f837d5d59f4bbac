from django.urls import path

from cylch.children import views

app_name = "children"
urlpatterns = [
    path("children/", views.search, name="search"),
    path("children/register/", views.register, name="register"),
    path("children/join-requests/", views.join_requests, name="join_requests"),
    path("children/join-requests/<int:request_id>/", views.join_decide, name="join_decide"),
    path("children/my-requests/", views.my_requests, name="my_requests"),
    path("children/emergency-access/", views.break_glass_review, name="break_glass_review"),
    path("children/emergency-access/<int:grant_id>/", views.break_glass_decide, name="break_glass_decide"),
    path("children/audit-access/", views.audit_grant, name="audit_grant"),
    path("children/merge/", views.merge, name="merge"),
    path("children/merge/<int:entry_id>/reverse/", views.merge_reverse, name="merge_reverse"),
    path("children/my-contributions/", views.contributions, name="contributions"),
    path("children/<int:child_id>/", views.summary, name="summary"),
    path("children/<int:child_id>/details/", views.edit, name="edit"),
    path("children/<int:child_id>/status/", views.status, name="status"),
    path("children/<int:child_id>/identifiers/", views.identifier_add, name="identifier_add"),
    path("children/<int:child_id>/identifiers/<int:identifier_id>/end/", views.identifier_end, name="identifier_end"),
    path("children/<int:child_id>/addresses/", views.address_add, name="address_add"),
    path("children/<int:child_id>/family-and-network/", views.network, name="network"),
    path("children/<int:child_id>/family-and-network/<int:member_id>/", views.network_edit, name="network_edit"),
    path("children/<int:child_id>/what-matters/", views.voice, name="voice"),
    path("children/<int:child_id>/active-offer/", views.active_offer, name="active_offer"),
    path("children/<int:child_id>/team/", views.team, name="team"),
    path("children/<int:child_id>/team/add/", views.involvement_add, name="involvement_add"),
    path("children/<int:child_id>/team/<int:involvement_id>/end/", views.involvement_end, name="involvement_end"),
    path("children/<int:child_id>/team/lead/", views.handover, name="handover"),
    path("children/<int:child_id>/team/<int:involvement_id>/basis/", views.involvement_basis, name="involvement_basis"),
    path("children/<int:child_id>/join/", views.join, name="join"),
    path("children/<int:child_id>/emergency-access/", views.break_glass, name="break_glass"),
    path("children/<int:child_id>/history/", views.history, name="history"),
]
