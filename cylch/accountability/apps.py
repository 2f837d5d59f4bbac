from django.apps import AppConfig


class AccountabilityConfig(AppConfig):
    name = "cylch.accountability"
    label = "accountability"

    def ready(self) -> None:
        from cylch.accountability.work import ledger_action_work
        from cylch.work.selectors import register_work_source

        register_work_source(ledger_action_work)
