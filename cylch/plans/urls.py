from django.urls import path

from cylch.plans import views

app_name = "plans"
urlpatterns = [
    path("children/<int:child_id>/plans/", views.plan_list, name="list"),
    path("children/<int:child_id>/plans/new/", views.plan_new, name="new"),
    path("children/<int:child_id>/plans/<int:plan_id>/", views.plan_detail, name="detail"),
    path("children/<int:child_id>/plans/<int:plan_id>/edit/", views.plan_edit, name="edit"),
    path("children/<int:child_id>/plans/<int:plan_id>/agree/", views.plan_agree, name="agree"),
    path("children/<int:child_id>/plans/<int:plan_id>/end/", views.plan_end, name="end"),
    path("children/<int:child_id>/plans/<int:plan_id>/versions/<int:number>/", views.version_detail, name="version"),
    path("children/<int:child_id>/plans/<int:plan_id>/compare/", views.versions_compare, name="compare"),
    path("children/<int:child_id>/plans/<int:plan_id>/actions/add/", views.action_add, name="action_add"),
    path("children/<int:child_id>/plans/<int:plan_id>/actions/<int:action_id>/", views.action_detail, name="action"),
    path("children/<int:child_id>/plans/<int:plan_id>/actions/<int:action_id>/edit/", views.action_edit, name="action_edit"),
    path("children/<int:child_id>/plans/<int:plan_id>/actions/<int:action_id>/remove/", views.action_remove, name="action_remove"),
    path("children/<int:child_id>/professional-differences/", views.disagreement_list, name="disagreements"),
    path("children/<int:child_id>/professional-differences/new/", views.disagreement_new, name="disagreement_new"),
    path("children/<int:child_id>/professional-differences/<int:disagreement_id>/", views.disagreement_detail, name="disagreement"),
]
