from django.apps import AppConfig


class CountyConfig(AppConfig):
    name = "samordna.county"
    label = "county"
    verbose_name = "Länets bild och lagens krav"

    def ready(self) -> None:
        from samordna.county import policies  # noqa: F401
        from samordna.county.aggregates import on_picture_confirmed
        from samordna.situation.signals import picture_confirmed

        # Each confirmed week picture adds its counts to the county's aggregates.
        picture_confirmed.connect(on_picture_confirmed, dispatch_uid="county.aggregates")
