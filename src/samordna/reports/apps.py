from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "samordna.reports"
    label = "reports"
    verbose_name = "Inrapportering"

    def ready(self) -> None:
        from samordna.reports import policies  # noqa: F401
        from samordna.reports.imports import job  # noqa: F401  (registers the importer)
