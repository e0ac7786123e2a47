"""Peer benchmarks (scoring.benchmark): never from fewer than 5 organisations, never revealing one."""

import pytest
from pydantic import ValidationError

from scoring.benchmark import MIN_PEERS, BenchmarkFile, Peer, compare, standing


def peers(*indexes, industry=None, size=None):
    return [Peer(i, {"a": i, "b": 100 - i}, industry, size) for i in indexes]


def test_no_benchmark_from_fewer_than_five_organisations():
    assert MIN_PEERS == 5
    assert compare("q", 50, {"a": 50}, peers(10, 20, 30, 40)) is None
    assert compare("q", 50, {"a": 50}, peers(10, 20, 30, 40, 60)) is not None


def test_percentile_is_the_share_scoring_lower_rounded_to_ten():
    assert standing(50, [10, 20, 30, 40, 60]).percentile == 80
    assert standing(5, [10, 20, 30, 40, 60]).percentile == 0
    assert standing(30, [10, 20, 30, 40, 60]).percentile == 50  # a tie counts half
    assert standing(50, [10, 20, 30, 40]) is None


def test_subsets_by_industry_and_size_only_where_five_peers_share_them():
    group = peers(10, 20, 30, 40, 60, industry="retail", size="250-999") + peers(70, 80, industry="healthcare")
    result = compare("q", 50, {"a": 50, "b": 50}, group, industry="retail", size_band="250-999")
    assert (result.peers, result.index.percentile) == (7, 60)
    assert (result.by_industry.peers, result.by_industry.percentile) == (5, 80)
    assert result.by_size.peers == 5
    healthcare = compare("q", 50, {"a": 50}, group, industry="healthcare")
    assert healthcare.by_industry is None and healthcare.industry is None


def test_dimensions_compared_only_with_peers_that_scored_them():
    group = [Peer(i, {"a": i}) for i in (10, 20, 30, 40, 60)] + [Peer(50, {})]
    result = compare("q", 50, {"a": 50, "z": 10}, group)
    assert set(result.dimensions) == {"a"} and result.dimensions["a"].peers == 5


def test_nothing_in_a_benchmark_reveals_another_organisations_figures():
    group = peers(11.1, 22.2, 33.3, 44.4, 66.6)
    data = compare("q", 50, {"a": 50, "b": 50}, group).to_dict()
    flat = repr(data)
    for value in (11.1, 22.2, 33.3, 44.4, 66.6, 88.9, 77.8, 55.6):
        assert str(value) not in flat


def test_the_exchange_file_refuses_fewer_than_five_records_names_and_bad_values():
    record = {"industry": "retail", "size_band": "250-999", "period": "2026-11", "index": 50.0, "dimensions": {"a": 1}}
    document = {"format": "readiness-benchmark", "version": 1, "questionnaire_id": "q", "exported": "2026-12"}
    BenchmarkFile.model_validate(document | {"records": [record] * 5})
    with pytest.raises(ValidationError):
        BenchmarkFile.model_validate(document | {"records": [record] * 4})
    with pytest.raises(ValidationError):
        BenchmarkFile.model_validate(document | {"records": [record | {"name": "ACME"}] * 5})
    with pytest.raises(ValidationError):
        BenchmarkFile.model_validate(document | {"records": [record | {"index": 101}] * 5})
    with pytest.raises(ValidationError):
        BenchmarkFile.model_validate(document | {"records": [record | {"period": "2026-11-30"}] * 5})
