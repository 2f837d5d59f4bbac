from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "cylch.partnerships"
    label = "partnerships"

    def ready(self) -> None:
        from cylch.core.demo import DEMO_BUILDERS
        from cylch.partnerships.demo import build_partnerships

        # After the areas, agencies and people of the demo region (the partnerships need them).
        if build_partnerships not in DEMO_BUILDERS:
            DEMO_BUILDERS.append(build_partnerships)
