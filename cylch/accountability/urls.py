from django.urls import path

from cylch.accountability import views

app_name = "accountability"
urlpatterns = [
    path("partnerships/<int:partnership_id>/ledger/", views.ledger, name="ledger"),
    path("ledger/actions/<int:action_id>/", views.action_detail, name="action"),
    path("ledger/actions/<int:action_id>/change/", views.action_change, name="action_change"),
]
