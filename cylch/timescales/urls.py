from django.urls import path

from cylch.timescales import views

app_name = "timescales"
urlpatterns = [
    path("timescales/", views.rule_list, name="list"),
    path("timescales/<slug:code>/", views.rule_detail, name="detail"),
]
