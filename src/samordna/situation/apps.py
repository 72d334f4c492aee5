from django.apps import AppConfig


class SituationConfig(AppConfig):
    name = "samordna.situation"
    label = "situation"
    verbose_name = "Lägesbild"

    def ready(self) -> None:
        from samordna.situation import policies  # noqa: F401
