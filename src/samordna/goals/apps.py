from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "samordna.goals"
    label = "goals"
    verbose_name = "Mål och indikatorer"

    def ready(self) -> None:
        from samordna.goals import policies  # noqa: F401
