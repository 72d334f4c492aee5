from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "samordna.plans"
    label = "plans"
    verbose_name = "Åtgärdsplan och medborgarlöften"

    def ready(self) -> None:
        from samordna.plans import policies  # noqa: F401
