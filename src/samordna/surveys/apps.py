from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "samordna.surveys"
    label = "surveys"
    verbose_name = "Trygghetsmätningar"

    def ready(self) -> None:
        from samordna.surveys import policies  # noqa: F401
