from django.apps import AppConfig


class TertialConfig(AppConfig):
    name = "samordna.tertial"
    label = "tertial"
    verbose_name = "Tertialanalys"

    def ready(self) -> None:
        from samordna.tertial import policies  # noqa: F401
