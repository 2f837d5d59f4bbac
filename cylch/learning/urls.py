from django.urls import path

from cylch.learning import views

app_name = "learning"
urlpatterns = [
    path("learning/", views.home, name="home"),
    path("learning/themes/", views.themes, name="themes"),
    path("learning/themes/<slug:code>/edit/", views.theme_edit, name="theme_edit"),
    path("learning/themes/<slug:code>/", views.learning_theme, name="learning_theme"),
    path("learning/standards/<slug:code>/", views.learning_standard, name="learning_standard"),
    path("learning/reviews/new/", views.review_new, name="review_new"),
    path("learning/reviews/<int:review_id>/", views.review_detail, name="review"),
    path("learning/reviews/<int:review_id>/decision/", views.review_decision, name="review_decision"),
    path("learning/reviews/<int:review_id>/stage/", views.review_stage, name="review_stage"),
    path("learning/reviews/<int:review_id>/themes/", views.review_themes, name="review_themes"),
    path("learning/reviews/<int:review_id>/reviewers/", views.review_member_add, name="review_member_add"),
    path(
        "learning/reviews/<int:review_id>/reviewers/<int:member_id>/end/",
        views.review_member_end,
        name="review_member_end",
    ),
    path("learning/reviews/<int:review_id>/chronology/", views.review_chronology, name="review_chronology"),
    path(
        "learning/reviews/<int:review_id>/chronology/build/",
        views.review_chronology_build,
        name="review_chronology_build",
    ),
    path("learning/reviews/<int:review_id>/reports/new/", views.review_report_add, name="review_report_add"),
    path(
        "learning/reviews/<int:review_id>/recommendations/new/",
        views.review_recommendation_add,
        name="review_recommendation_add",
    ),
    path("learning/briefings/new/", views.briefing_new, name="briefing_new"),
    path("learning/briefings/<int:briefing_id>/", views.briefing_detail, name="briefing"),
    path("learning/briefings/<int:briefing_id>/publish/", views.briefing_publish, name="briefing_publish"),
    path("learning/briefings/<int:briefing_id>/read/", views.briefing_read, name="briefing_read"),
    path("learning/audit-tools/", views.tools, name="tools"),
    path("learning/audit-tools/new/", views.tool_new, name="tool_new"),
    path("learning/audit-tools/<int:tool_id>/", views.tool_detail, name="tool"),
    path("learning/audit-tools/<int:tool_id>/questions/new/", views.tool_question_add, name="tool_question_add"),
    path("learning/audit-tools/<int:tool_id>/publish/", views.tool_publish, name="tool_publish"),
    path("learning/audit-tools/<int:tool_id>/new-version/", views.tool_new_version, name="tool_new_version"),
    path("learning/audit-rounds/new/", views.round_new, name="round_new"),
    path("learning/audit-rounds/<int:round_id>/", views.round_detail, name="round"),
    path("learning/audit-rounds/<int:round_id>/auditors/", views.round_auditor_add, name="round_auditor_add"),
    path("learning/audit-rounds/<int:round_id>/finish/", views.round_finish, name="round_finish"),
    path("learning/audit-cases/<int:case_id>/", views.case_detail, name="case"),
    path("learning/audit-cases/<int:case_id>/moderation/", views.case_moderate, name="case_moderate"),
]
