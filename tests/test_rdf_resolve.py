"""Canonical keys: aliases, scopes, inferred central codes."""

from kg.rdf.resolve import (
    canonical_org_name,
    document_code,
    is_national_org,
    official_scope,
    org_display_name,
    org_identity,
    province_in,
)


def test_aliases_expand_and_terms_collapse():
    assert canonical_org_name("UBND tỉnh Lào Cai") == "Ủy ban nhân dân tỉnh Lào Cai"
    for variant in ["BCH TW", "Ban Chấp hành Trung ương khóa X", "Trung ương", "Ban Chấp hành Trung ương Đảng"]:
        assert canonical_org_name(variant) == "Ban Chấp hành Trung ương Đảng", variant
    assert canonical_org_name("Bộ TT&TT") == "Bộ Thông tin và Truyền thông"


def test_local_bodies_belong_to_a_province_national_ones_to_the_country():
    assert org_identity("UBND tỉnh", "p-lao-cai") == org_identity("Ủy ban nhân dân tỉnh Lào Cai", "s-bao-x")
    assert org_identity("Tỉnh ủy", "p-lao-cai") != org_identity("Tỉnh ủy", "p-yen-bai")
    assert org_identity("Bộ Chính trị", "p-lao-cai") == org_identity("Bộ Chính trị", "p-yen-bai")
    assert is_national_org("Bộ Công an") and not is_national_org("Công an tỉnh Lào Cai")
    assert province_in("Bí thư Tỉnh ủy Thừa Thiên Huế") == "Thừa Thiên Huế"
    assert org_display_name("Tỉnh ủy", "Lào Cai") == "Tỉnh ủy Lào Cai"


def test_officials_are_scoped_by_their_posts():
    assert official_scope([("Bộ trưởng", "Bộ Công an")], "p-lao-cai") == "vn"
    assert official_scope([("Phó Chủ tịch", "UBND tỉnh Yên Bái")], "s-bao-x") == "p-yen-bai"
    assert official_scope([("Phó Chủ tịch", "UBND tỉnh")], "p-lao-cai") == "p-lao-cai"


def test_central_party_codes_are_inferred_from_the_issuer():
    assert document_code("directive", "05", None, "Bộ Chính trị") == "CT/TW"
    assert document_code("resolution", "22", None, "Ban Chấp hành Trung ương") == "NQ/TW"
    assert document_code("plan", "67", None, "Ban Thường vụ Tỉnh ủy") is None
