"""The collaboration agreement (roles, never names) and its citizen promises."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from samordna.core import services as core_services
from samordna.plans import agreements
from samordna.plans.models import Agreement, CitizenPromise, Commitment
from tests.interventions.factories import make_intervention
from tests.plans.endpoints import make_agreement


def _agreement_input(**overrides):
    today = timezone.localdate()
    values = {
        "title": "Överenskommelse",
        "police_area": "LPO Alfa",
        "starts_on": today,
        "ends_on": today.replace(year=today.year + 1),
        "focus_text": "Skadegörelse.",
        "signatories": [{"role": "Kommundirektör", "organisation": "Alfastads kommun"}],
    } | overrides
    return agreements.AgreementInput(**values)


@pytest.mark.parametrize(
    "role",
    ["Anna Svensson", "Kommundirektör Anna Svensson", "Eva-Lena Berg", "anna@example.org"],
)
def test_a_signatory_with_a_persons_name_is_refused(world, role):
    data = _agreement_input(signatories=[{"role": role, "organisation": "Alfastads kommun"}])
    with pytest.raises(ValidationError) as error:
        agreements.agreement_create(actor=None, municipality=world.a, data=data)
    assert "signatories" in error.value.message_dict
    assert not Agreement.objects.exists()


def test_a_members_name_is_refused_even_written_in_lower_case(world):
    user = world.user("partner")
    user.first_name, user.last_name = "Kim", "Lund"
    user.save()
    data = _agreement_input(
        signatories=[{"role": "ordförande kim lund", "organisation": "Alfastads kommun"}]
    )
    with pytest.raises(ValidationError):
        agreements.agreement_create(actor=None, municipality=world.a, data=data)


@pytest.mark.parametrize(
    "role", ["Kommundirektör", "Lokalpolisområdeschef Alfa", "Ordförande i kommunstyrelsen", "VD"]
)
def test_roles_are_kept(world, role):
    data = _agreement_input(signatories=[{"role": role, "organisation": "Polisen"}])
    agreement = agreements.agreement_create(actor=None, municipality=world.a, data=data)
    assert agreement.signatories == [{"role": role, "organisation": "Polisen"}]


def test_a_signed_agreement_needs_signatories_and_a_date(world):
    data = _agreement_input(signatories=[], status=Agreement.Status.SIGNED)
    with pytest.raises(ValidationError) as error:
        agreements.agreement_create(actor=None, municipality=world.a, data=data)
    assert {"signatories", "signed_on"} <= set(error.value.message_dict)


def test_the_form_refuses_a_name_among_the_signatories(client, world):
    client.force_login(world.user("coordinator"))
    today = timezone.localdate()
    response = client.post(
        "/plan/overenskommelse/ny/",
        {
            "title": "Ö",
            "police_area": "LPO",
            "starts_on": today.isoformat(),
            "ends_on": today.isoformat(),
            "focus_text": "Fokus",
            "signatories": "Kommundirektör, Alfastads kommun\nPer Persson, Polisen",
            "status": "draft",
        },
    )
    assert response.status_code == 200
    assert "inte en persons namn" in response.content.decode()
    assert not Agreement.objects.exists()


def test_one_promise_a_year_and_unique_addresses(world):
    promise = make_agreement(world)
    again = agreements.PromiseInput(year=promise.year, title="Igen", slug="annat")
    with pytest.raises(ValidationError) as error:
        agreements.promise_create(actor=None, agreement=promise.agreement, data=again)
    assert "year" in error.value.message_dict
    same_slug = agreements.PromiseInput(year=promise.year + 1, title="X", slug=promise.slug)
    with pytest.raises(ValidationError) as error:
        agreements.promise_create(actor=None, agreement=promise.agreement, data=same_slug)
    assert "slug" in error.value.message_dict
    assert CitizenPromise.objects.count() == 1


def test_promise_texts_are_checked_for_personal_data(world):
    promise = make_agreement(world)
    with pytest.raises(ValidationError) as error:
        agreements.commitment_create(
            actor=None,
            promise=promise,
            data=agreements.CommitmentInput(
                organisation=world.a1, text="Ring 070-123 45 67", public_status="mejla a@b.se"
            ),
        )
    assert {"text", "public_status"} <= set(error.value.message_dict)
    with pytest.raises(ValidationError):
        agreements.promise_update(
            actor=None,
            promise=promise,
            data=agreements.PromiseInput(
                year=promise.year, title="T", public_summary="Personnummer 19121212-1212"
            ),
        )


def test_commitments_link_interventions_of_the_municipality_only(world):
    promise = make_agreement(world)
    own = make_intervention(world, title="Egen insats")
    commitment = agreements.commitment_create(
        actor=None,
        promise=promise,
        data=agreements.CommitmentInput(
            organisation=world.a2, text="Polisen patrullerar.", interventions=[own]
        ),
    )
    assert list(commitment.interventions.all()) == [own]
    assert commitment.status == Commitment.Status.PLANNED
    other_org = core_services.organisation_create(
        actor=None, municipality=world.b, name="Beta väktare", slug="beta-vaktare", kind="security"
    )
    with pytest.raises(ValidationError) as error:
        agreements.commitment_create(
            actor=None,
            promise=promise,
            data=agreements.CommitmentInput(organisation=other_org, text="x"),
        )
    assert "organisation" in error.value.message_dict


def test_the_promise_page_in_the_app_shows_interventions_to_members(client, world):
    promise = make_agreement(world)
    client.force_login(world.user("partner"))
    page = client.get(f"/plan/lofte/{promise.pk}/").content.decode()
    assert "Hemligt åtagande om belysning" in page
    assert "Två av fyra lampor är uppsatta." in page
