from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "samordna.surveys"
    label = "surveys"
    verbose_name = "Trygghetsmätningar"

    def ready(self) -> None:
        from samordna.surveys import policies  # noqa: F401
        from samordna.surveys.imports import job  # noqa: F401  (registers the importer)
