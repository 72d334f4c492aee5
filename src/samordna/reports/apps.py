from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "samordna.reports"
    label = "reports"
    verbose_name = "Inrapportering"

    def ready(self) -> None:
        from samordna.reports import policies  # noqa: F401
