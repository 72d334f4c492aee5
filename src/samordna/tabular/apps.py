from django.apps import AppConfig


class TabularConfig(AppConfig):
    name = "samordna.tabular"
    label = "tabular"
    verbose_name = "Import av tabeller"
