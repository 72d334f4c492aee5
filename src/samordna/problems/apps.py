from django.apps import AppConfig


class ProblemsConfig(AppConfig):
    name = "samordna.problems"
    label = "problems"
    verbose_name = "Problembilder"

    def ready(self) -> None:
        from samordna.problems import policies  # noqa: F401
        from samordna.problems.rules import on_observations_changed
        from samordna.reports.signals import observations_changed

        # New, corrected and closed observations keep the problems' rule links current.
        observations_changed.connect(on_observations_changed, dispatch_uid="problems.rules")
