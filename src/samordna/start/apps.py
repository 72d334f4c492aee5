from django.apps import AppConfig


class StartConfig(AppConfig):
    """The start page: what each role has to do next. No models; it reads every app."""

    name = "samordna.start"
    label = "start"
    verbose_name = "Startsidan"
