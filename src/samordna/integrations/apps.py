from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "samordna.integrations"
    label = "integrations"
    verbose_name = "Externa källor"

    def ready(self) -> None:
        from samordna.integrations import policies  # noqa: F401
