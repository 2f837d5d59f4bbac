from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "cylch.plans"
    label = "plans"

    def ready(self) -> None:
        from cylch.meetings.hooks import register_agreed_action_handler
        from cylch.plans.services import plan_action_from_meeting
        from cylch.plans.work import plan_action_work
        from cylch.work.selectors import register_work_source

        register_work_source(plan_action_work)
        register_agreed_action_handler(plan_action_from_meeting)
