from django.apps import AppConfig


class InterventionsConfig(AppConfig):
    name = "samordna.interventions"
    label = "interventions"
    verbose_name = "Insatser"

    def ready(self) -> None:
        from samordna.interventions import policies  # noqa: F401
