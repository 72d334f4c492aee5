from django.apps import AppConfig


class ProblemsConfig(AppConfig):
    name = "samordna.problems"
    label = "problems"
    verbose_name = "Problembilder"

    def ready(self) -> None:
        from samordna.problems import policies  # noqa: F401
