from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo's commands (`demo`, `load_demo`). No models."""

    name = "samordna.demo"
    label = "demo"
    verbose_name = "Demokommunen"
