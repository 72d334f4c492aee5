from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "samordna.cases"
    label = "cases"
    verbose_name = "TSI-ärenden"

    def ready(self) -> None:
        # Policies register themselves on import; the key check registers itself too.
        from samordna.cases import checks, policies  # noqa: F401
