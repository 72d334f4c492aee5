from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "samordna.core"
    label = "core"
    verbose_name = "Samordna"

    def ready(self) -> None:
        # Policies register themselves when their modules are imported.
        from samordna.core import checks, policies, receivers  # noqa: F401
