from django.apps import AppConfig


class SituationConfig(AppConfig):
    name = "samordna.situation"
    label = "situation"
    verbose_name = "Lägesbild"

    def ready(self) -> None:
        from samordna.reports.signals import observations_changed
        from samordna.situation import policies  # noqa: F401
        from samordna.situation.page_cache import on_observations_changed

        # A write of observations forgets the drafts' cached documents it touches.
        observations_changed.connect(on_observations_changed, dispatch_uid="situation.pages")
