from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "samordna.groups"
    label = "groups"
    verbose_name = "Kommungrupper"

    def ready(self) -> None:
        from samordna.groups import policies  # noqa: F401
