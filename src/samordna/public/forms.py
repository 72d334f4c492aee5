"""The settings page's form: the same fields the service takes."""

from django import forms

from samordna.public.models import Publication


class PublicationForm(forms.ModelForm):  # type: ignore[type-arg]  # runtime is not generic
    class Meta:
        model = Publication
        fields = ("is_published", "show_pictures", "show_surveys", "min_count", "intro")
        widgets = {"intro": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "min_count": "Tal under gränsen visas som ”färre än N”. Minst 3.",
            "intro": "Visas överst på sidan. Skriv inget om enskilda personer eller händelser.",
        }
