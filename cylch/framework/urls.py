from django.urls import path

from cylch.framework import views

app_name = "framework"
urlpatterns = [
    path("framework/", views.standards, name="standards"),
    path("framework/practice-notes/<slug:slug>/", views.practice_note, name="practice_note"),
]
