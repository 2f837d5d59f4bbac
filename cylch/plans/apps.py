from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "cylch.plans"
    label = "plans"

    def ready(self) -> None:
        from cylch.plans.work import plan_action_work
        from cylch.work.selectors import register_work_source

        register_work_source(plan_action_work)
