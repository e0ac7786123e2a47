"""API tokens: shown once and stored only as a hash, limited in number, revoked for good."""

from datetime import timedelta

import pytest

from assessment.db import utcnow
from assessment.services.accounts import create_user
from assessment.services.api_tokens import (
    MAX_ACTIVE,
    PREFIX,
    TokenLimit,
    active_tokens,
    create_token,
    revoke_all,
    revoke_token,
    tokens_of,
    user_for_token,
)
from tests.support.accounts import PASSWORD


@pytest.fixture
def bert(db):
    return create_user(db, "bert@example.org", "Bert", PASSWORD)


def test_a_token_is_stored_as_its_hash_and_finds_its_owner(db, user):
    row, secret = create_token(db, user, "  Power   BI \n")
    assert secret.startswith(PREFIX) and len(secret) > 40
    assert row.name == "Power BI" and row.prefix == secret[:12]
    assert secret not in (row.token_hash, row.prefix, row.name)
    assert user_for_token(db, secret) is user


@pytest.mark.parametrize("secret", ["", "rdy_", "rdy_wrong", "not-a-token", "rdy_" + "x" * 300])
def test_anything_but_a_token_finds_nobody(db, user, secret):
    create_token(db, user, "BI")
    assert user_for_token(db, secret) is None


def test_using_a_token_records_when_at_most_every_few_minutes(db, user):
    row, secret = create_token(db, user, "BI")
    assert row.last_used_at is None
    user_for_token(db, secret)
    first = row.last_used_at
    assert first is not None
    user_for_token(db, secret)
    assert row.last_used_at == first  # not a write per request
    row.last_used_at = utcnow() - timedelta(minutes=10)
    user_for_token(db, secret)
    assert row.last_used_at > first


def test_a_revoked_token_never_works_again(db, user):
    row, secret = create_token(db, user, "BI")
    assert revoke_token(db, user, row.id) is row
    revoked_at = row.revoked_at
    assert revoked_at is not None and user_for_token(db, secret) is None
    assert revoke_token(db, user, row.id).revoked_at == revoked_at  # revoking again changes nothing


def test_only_the_owner_revokes_a_token(db, user, bert):
    row, secret = create_token(db, user, "BI")
    assert revoke_token(db, bert, row.id) is None
    assert revoke_token(db, bert, row.id + 1000) is None
    assert user_for_token(db, secret) is user


def test_active_tokens_are_limited_and_revoked_ones_do_not_count(db, user):
    rows = [create_token(db, user, f"token {n}")[0] for n in range(MAX_ACTIVE)]
    with pytest.raises(TokenLimit):
        create_token(db, user, "one too many")
    revoke_token(db, user, rows[0].id)
    create_token(db, user, "room again")
    assert len(active_tokens(db, user)) == MAX_ACTIVE and len(tokens_of(db, user)) == MAX_ACTIVE + 1


def test_revoking_all_tokens_of_a_person_leaves_others_alone(db, user, bert):
    secrets = [create_token(db, user, name)[1] for name in ("a", "b")]
    _, berts = create_token(db, bert, "c")
    assert revoke_all(db, user) == 2 and revoke_all(db, user) == 0
    assert [user_for_token(db, secret) for secret in secrets] == [None, None]
    assert user_for_token(db, berts) is bert
