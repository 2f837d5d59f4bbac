from django.urls import path

from cylch.therapy import views

app_name = "therapy"
urlpatterns = [
    path("therapeutic-support/services/", views.directory, name="directory"),
    path("therapeutic-support/services/new/", views.service_new, name="service_new"),
    path("therapeutic-support/services/import/", views.directory_import, name="import"),
    path("therapeutic-support/services/<int:service_id>/", views.service_detail, name="service"),
    path("therapeutic-support/services/<int:service_id>/edit/", views.service_edit, name="service_edit"),
    path("therapeutic-support/referrals/", views.referrals_received, name="received"),
    path("therapeutic-support/referrals/<int:referral_id>/", views.referral_detail, name="referral"),
    path("therapeutic-support/referrals/<int:referral_id>/move/<str:to_state>/", views.referral_move, name="referral_move"),
    path("therapeutic-support/referrals/<int:referral_id>/rating/", views.referral_rating, name="referral_rating"),
    path("therapeutic-support/demand/", views.demand, name="demand"),
    path("therapeutic-support/demand.csv", views.demand_csv, name="demand_csv"),
    path("children/<int:child_id>/therapeutic-support/", views.child_support, name="child"),
    path("children/<int:child_id>/therapeutic-support/needs/new/", views.need_new, name="need_new"),
    path("children/<int:child_id>/therapeutic-support/needs/<int:need_id>/", views.need_detail, name="need"),
    path("children/<int:child_id>/therapeutic-support/needs/<int:need_id>/close/", views.need_close, name="need_close"),
    path(
        "children/<int:child_id>/therapeutic-support/needs/<int:need_id>/refer/<int:service_id>/",
        views.referral_new,
        name="referral_new",
    ),
    # Open Referral UK (HSDS 3.0 UK profile): the directory published read-only, no sign-in.
    path("openreferral/", views.oruk_meta, name="oruk_meta"),
    path("openreferral/services", views.oruk_services, name="oruk_services"),
    path("openreferral/services/<str:service_uuid>", views.oruk_service, name="oruk_service"),
    path("openreferral/organizations", views.oruk_organizations, name="oruk_organizations"),
    path("openreferral/organizations/<str:organization_uuid>", views.oruk_organization, name="oruk_organization"),
    path("openreferral/locations", views.oruk_locations, name="oruk_locations"),
    path("openreferral/service_areas", views.oruk_service_areas, name="oruk_service_areas"),
]
