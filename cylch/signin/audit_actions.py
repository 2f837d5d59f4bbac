from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "cylch.signin.two_factor.set_up": _("{actor} set up two-factor authentication"),
    "cylch.signin.recovery_codes.regenerated": _("{actor} made new recovery codes"),
    "cylch.signin.signed_in": _("{actor} signed in"),
    "cylch.signin.signed_in_with_recovery_code": _("{actor} signed in with a recovery code"),
    "cylch.signin.signed_out": _("{actor} signed out"),
    "cylch.signin.password_reset": _("{actor} reset their password"),
}
