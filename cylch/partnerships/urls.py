from django.urls import path

from cylch.partnerships import views

app_name = "partnerships"
P = "partnerships/<int:partnership_id>/"
C = P + "cycles/<int:cycle_id>/"
urlpatterns = [
    path("partnerships/", views.partnership_list, name="list"),
    path("partnerships/national/", views.national, name="national"),
    path("partnerships/new/", views.partnership_new, name="new"),
    path(P, views.partnership_detail, name="detail"),
    path(P + "members/", views.members, name="members"),
    path(P + "bodies/new/", views.body_new, name="body_new"),
    path(P + "roles/new/", views.role_new, name="role_new"),
    path(P + "roles/<int:role_id>/end/", views.role_end, name="role_end"),
    path(P + "priorities/new/", views.priority_new, name="priority_new"),
    path(P + "priorities/<int:priority_id>/", views.priority_detail, name="priority"),
    path(P + "accountability/", views.matrix, name="matrix"),
    path(P + "accountability/standards/<slug:code>/", views.matrix_standard, name="matrix_standard"),
    path(P + "accountability/priorities/<int:priority_id>/", views.matrix_priority, name="matrix_priority"),
    path(P + "progress/", views.progress, name="progress"),
    path(P + "cycles/new/", views.cycle_new, name="cycle_new"),
    path(C, views.cycle_detail, name="cycle"),
    path(C + "standards/<slug:code>/", views.cycle_standard, name="cycle_standard"),
    path(C + "indicators/<int:indicator_id>/rate/", views.rate, name="rate"),
    path(C + "ratings/<int:rating_id>/challenge/", views.challenge, name="challenge"),
    path(C + "challenges/<int:challenge_id>/resolve/", views.challenge_resolve, name="challenge_resolve"),
    path(C + "evidence/<int:document_id>/", views.document, name="document"),
    path(C + "measures/<slug:code>/", views.measure_children, name="measure"),
    path(C + "actions/new/", views.action_new, name="action_new"),
    path(C + "sign-off/", views.sign_off, name="sign_off"),
]
