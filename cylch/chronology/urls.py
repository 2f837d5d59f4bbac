from django.urls import path

from cylch.chronology import views

app_name = "chronology"
urlpatterns = [
    path("children/<int:child_id>/chronology/", views.timeline, name="timeline"),
    path("children/<int:child_id>/chronology/add/", views.entry_add, name="add"),
    path("children/<int:child_id>/chronology/<int:entry_id>/correct/", views.entry_correct, name="correct"),
    path("children/<int:child_id>/chronology/export.<str:fmt>", views.export, name="export"),
]
