from django.urls import path

from cylch.missing import views

app_name = "missing"
urlpatterns = [
    path("missing/", views.current, name="current"),
    path("missing-statistics/", views.statistics, name="statistics"),
    path("missing-statistics/csv/", views.statistics_csv, name="statistics_csv"),
    path("children/<int:child_id>/missing/", views.child_history, name="child"),
    path("children/<int:child_id>/missing/information-form/", views.form_view, name="form"),
    path("children/<int:child_id>/missing/information-form/update/", views.form_edit, name="form_edit"),
    path("children/<int:child_id>/missing/information-form/reviewed/", views.form_confirm, name="form_confirm"),
    path("children/<int:child_id>/missing/information-form/photo/", views.photo, name="photo"),
    path("children/<int:child_id>/missing/information-form/pdf/", views.form_pdf, name="form_pdf"),
    path("children/<int:child_id>/missing/episodes/new/", views.episode_new, name="episode_new"),
    path("children/<int:child_id>/missing/episodes/<int:episode_id>/", views.episode, name="episode"),
    path("children/<int:child_id>/missing/episodes/<int:episode_id>/risk-grade/", views.episode_regrade, name="episode_regrade"),
    path("children/<int:child_id>/missing/episodes/<int:episode_id>/found/", views.episode_return, name="episode_return"),
    path("children/<int:child_id>/missing/episodes/<int:episode_id>/safe-and-well/", views.safe_and_well, name="safe_and_well"),
    path("children/<int:child_id>/missing/episodes/<int:episode_id>/return-interview/", views.interview, name="interview"),
]
