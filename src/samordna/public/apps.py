from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "samordna.public"
    label = "public"
    verbose_name = "Offentlig sida"

    def ready(self) -> None:
        from samordna.public import policies  # noqa: F401
