from django.apps import AppConfig


class FrameworkConfig(AppConfig):
    name = "cylch.framework"
    label = "framework"

    def ready(self) -> None:
        from cylch.core.demo import DEMO_BUILDERS
        from cylch.framework.demo import build_framework

        if build_framework not in DEMO_BUILDERS:
            DEMO_BUILDERS.append(build_framework)
