from django.urls import path

from cylch.register import views

app_name = "register"
urlpatterns = [
    path("register-check/", views.check, name="check"),
    path("register-check/duty-lines/", views.duty_lines, name="duty_lines"),
    path("children/<int:child_id>/register/", views.child_register, name="child"),
    path("children/<int:child_id>/register/remove/", views.end, name="end"),
    path("children/<int:child_id>/register/transfer-in/", views.transfer_in, name="transfer_in"),
]
