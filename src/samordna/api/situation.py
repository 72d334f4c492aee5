"""The API's situation pictures: list and read them, and take one through its lifecycle.

Scoped like the pages (situation.policies): every EST member of a municipality reads its
confirmed pictures, and everyone but reporters its drafts too. Coordinators and admins
prepare a period's picture, propose it and confirm it, through the same services as the
pages (situation.services), which check that right themselves. Confirming needs no
meeting, as on the period's page (a meeting that confirms the week's picture does it
through the meeting instead); it freezes the document and its content hash.
"""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from samordna.api.errors import DENIED_RESPONSE, ERRORS_RESPONSE, as_api_errors, validated
from samordna.api.viewsets import RESTRICT_ACTIONS, RestrictedReadOnlyViewSet
from samordna.core.models import Municipality, User
from samordna.core.policies import municipality_ids
from samordna.situation import services
from samordna.situation.models import SituationPicture
from samordna.situation.policies import PICTURE_EDITORS

NOT_EDITOR = "Bara samordnare och administratörer ändrar lägesbilder."


class PictureSerializer(serializers.ModelSerializer[SituationPicture]):
    municipality = serializers.CharField(source="municipality.slug", read_only=True)
    kind = serializers.CharField(read_only=True, help_text="week, tertial eller year")
    status = serializers.CharField(
        read_only=True, help_text="draft, proposed, confirmed eller distributed"
    )
    confirmed_by = serializers.SerializerMethodField()
    correction_of = serializers.IntegerField(
        source="correction_of_id", read_only=True, allow_null=True
    )
    content_hash = serializers.CharField(
        read_only=True, help_text="SHA-256 över det fastställda dokumentet; tomt för ett utkast."
    )

    class Meta:
        model = SituationPicture
        fields = [
            "id",
            "municipality",
            "kind",
            "period_key",
            "version",
            "status",
            "summary",
            "correction_of",
            "correction_reason",
            "created_at",
            "proposed_at",
            "confirmed_at",
            "confirmed_by",
            "distributed_at",
            "content_hash",
        ]
        read_only_fields = fields

    def get_confirmed_by(self, obj: SituationPicture) -> str | None:
        user = obj.confirmed_by
        return (user.get_full_name() or user.username) if user else None


class PictureDetailSerializer(PictureSerializer):
    document = serializers.SerializerMethodField()

    class Meta(PictureSerializer.Meta):
        fields = [*PictureSerializer.Meta.fields, "document"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_document(self, obj: SituationPicture) -> dict[str, Any]:
        """The frozen document of a confirmed picture, or the live one of a draft
        (format samordna.situation/1, docs/situation-format.md)."""
        return services.picture_document(obj)


class PrepareInputSerializer(serializers.Serializer[Any]):
    municipality = serializers.SlugField(
        required=False, help_text="Kommunens kortnamn; behövs bara om du samordnar i flera."
    )
    period_key = serializers.CharField(
        max_length=8, help_text="En vecka (2026-W47), en tertial (2026-T2) eller ett år (2026)"
    )


class ConfirmInputSerializer(serializers.Serializer[Any]):
    summary = serializers.CharField(
        required=False, allow_blank=True, help_text="Sammanfattningen; utelämnad behålls den."
    )


@extend_schema_view(
    list=extend_schema(
        description=(
            "Lägesbilderna i användarens kommuner, senaste period och version först. "
            "Rapportörer ser bara fastställda."
        )
    ),
    retrieve=extend_schema(
        description="En lägesbild med sitt dokument: det frysta om den är fastställd."
    ),
)
class SituationPictureViewSet(RestrictedReadOnlyViewSet):
    """Situation pictures of the municipalities where the user takes part in the EST work."""

    model = SituationPicture
    serializer_class = PictureSerializer
    filterset_fields = ["period_key"]
    # Found among the visible ones; the services check the right to write (403).
    restrict_actions = {**RESTRICT_ACTIONS, "propose": "view", "confirm": "view"}

    def get_queryset(self) -> models.QuerySet[Any]:
        return (
            super()
            .get_queryset()
            .select_related("municipality", "confirmed_by")
            .order_by("-period_key", "-version", "-id")
        )

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        return PictureDetailSerializer if self.action == "retrieve" else PictureSerializer

    def _answer(self, picture: SituationPicture) -> Response:
        fresh = SituationPicture.objects.select_related("municipality", "confirmed_by").get(
            pk=picture.pk
        )
        return Response(PictureSerializer(fresh).data)

    @extend_schema(
        request=PrepareInputSerializer,
        responses={200: PictureSerializer, 400: ERRORS_RESPONSE, 403: DENIED_RESPONSE},
        description=(
            "Periodens aktuella lägesbild; ett utkast skapas om det inte finns någon "
            "(samordnare och administratörer)."
        ),
    )
    @action(detail=False, methods=["post"])
    def prepare(self, request: Request) -> Response:
        user = cast(User, request.user)
        editing = municipality_ids(user, PICTURE_EDITORS)
        if not editing:
            raise PermissionDenied(NOT_EDITOR)
        data = validated(PrepareInputSerializer(data=request.data))
        municipality = _municipality(editing, data.get("municipality"))
        key = data["period_key"]
        try:
            services.check_period(key)
        except DjangoValidationError as error:
            raise ValidationError({"period_key": error.messages}) from error
        picture = as_api_errors(
            lambda: services.picture_prepare(actor=user, municipality=municipality, key=key)
        )
        return self._answer(picture)

    @extend_schema(
        request=None,
        responses={200: PictureSerializer, 400: ERRORS_RESPONSE, 403: DENIED_RESPONSE},
        description="Föreslå utkastet för mötet (samordnare och administratörer).",
    )
    @action(detail=True, methods=["post"])
    def propose(self, request: Request, pk: str | None = None) -> Response:
        user = cast(User, request.user)
        picture = self.get_object()
        picture = as_api_errors(lambda: services.picture_propose(actor=user, picture=picture))
        return self._answer(picture)

    @extend_schema(
        request=ConfirmInputSerializer,
        responses={200: PictureSerializer, 400: ERRORS_RESPONSE, 403: DENIED_RESPONSE},
        description=(
            "Fastställ ett utkast eller förslag (samordnare och administratörer), som på "
            "periodens sida: dokumentet fryses med sin kontrollsumma, rapportörerna får "
            "återkoppling och lägesbilden skickas till sändlistan."
        ),
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str | None = None) -> Response:
        user = cast(User, request.user)
        picture = self.get_object()
        data = validated(ConfirmInputSerializer(data=request.data))
        summary = data.get("summary")
        picture = as_api_errors(
            lambda: services.picture_confirm(
                actor=user,
                picture=picture,
                summary=summary.strip() if summary is not None else None,
            )
        )
        return self._answer(picture)


def _municipality(editing: set[int], slug: str | None) -> Municipality:
    candidates = Municipality.objects.filter(pk__in=editing).order_by("pk")
    if slug:
        found = candidates.filter(slug=slug).first()
        if found is None:
            raise PermissionDenied(NOT_EDITOR)
        return found
    if candidates.count() > 1:
        raise ValidationError({"municipality": ["Ange vilken kommun lägesbilden gäller."]})
    only: Municipality = candidates.get()
    return only
