from django.urls import path

from cylch.governance import views

app_name = "governance"
P = "partnerships/<int:partnership_id>"
urlpatterns = [
    path("governance/", views.home, name="home"),
    path(f"{P}/governance/", views.partnership, name="partnership"),
    path(f"{P}/meetings/", views.meetings, name="meetings"),
    path(f"{P}/meetings/new/", views.meeting_new, name="meeting_new"),
    path(f"{P}/meetings/<int:meeting_id>/", views.meeting_detail, name="meeting"),
    path(f"{P}/meetings/<int:meeting_id>/edit/", views.meeting_edit, name="meeting_edit"),
    path(f"{P}/meetings/<int:meeting_id>/agenda/", views.agenda_add, name="agenda_add"),
    path(f"{P}/meetings/<int:meeting_id>/attendance/", views.attendance_add, name="attendance_add"),
    path(f"{P}/meetings/<int:meeting_id>/decisions/", views.decision_add, name="decision_add"),
    path(f"{P}/meetings/<int:meeting_id>/actions/", views.meeting_action_add, name="meeting_action_add"),
    path(f"{P}/risks/", views.risks, name="risks"),
    path(f"{P}/risks/new/", views.risk_new, name="risk_new"),
    path(f"{P}/risks/<int:risk_id>/", views.risk_detail, name="risk"),
    path(f"{P}/risks/<int:risk_id>/edit/", views.risk_edit, name="risk_edit"),
    path(f"{P}/risks/<int:risk_id>/escalate/", views.risk_escalate, name="risk_escalate"),
    path(f"{P}/risks/<int:risk_id>/actions/", views.risk_action_add, name="risk_action_add"),
    path(f"{P}/reports/new/", views.report_new, name="report_new"),
    path(f"{P}/reports/<int:report_id>/", views.report_detail, name="report"),
    path(f"{P}/reports/<int:report_id>/publish/", views.report_publish, name="report_publish"),
    path(f"{P}/reports/<int:report_id>/refresh/", views.report_refresh, name="report_refresh"),
    path(f"{P}/reports/<int:report_id>/pdf/<str:lang>/", views.report_pdf, name="report_pdf"),
]
