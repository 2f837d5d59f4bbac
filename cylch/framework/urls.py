from django.urls import path

from cylch.framework import views

app_name = "framework"
urlpatterns = [
    path("framework/", views.home, name="home"),
    path("framework/standards/", views.standards, name="standards"),
    path("framework/practice-notes/<slug:slug>/", views.practice_note, name="practice_note"),
    path("framework/drafts/", views.drafts, name="drafts"),
    path("framework/new/", views.document_new, name="document_new"),
    path("framework/documents/<slug:code>/", views.document, name="document"),
    path("framework/documents/<slug:code>/versions/<int:number>/", views.version, name="version"),
    path("framework/documents/<slug:code>/compare/", views.compare, name="compare"),
    path("framework/documents/<slug:code>/draft/", views.draft, name="draft"),
    path("framework/documents/<slug:code>/draft/start/", views.draft_start, name="draft_start"),
    path("framework/documents/<slug:code>/draft/review/", views.review, name="review"),
    path("framework/documents/<slug:code>/draft/discard/", views.draft_discard, name="draft_discard"),
]
