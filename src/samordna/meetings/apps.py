from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "samordna.meetings"
    label = "meetings"
    verbose_name = "Möten"

    def ready(self) -> None:
        from samordna.meetings import policies  # noqa: F401
