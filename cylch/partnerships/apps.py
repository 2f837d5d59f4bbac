from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "cylch.partnerships"
    label = "partnerships"

    def ready(self) -> None:
        from cylch.core.demo import DEMO_BUILDERS
        from cylch.partnerships.demo import build_partnerships
        from cylch.partnerships.work import self_assessment_work
        from cylch.work.selectors import register_work_source

        register_work_source(self_assessment_work)

        # After the areas, agencies and people of the demo region (the partnerships need them).
        if build_partnerships not in DEMO_BUILDERS:
            DEMO_BUILDERS.append(build_partnerships)
