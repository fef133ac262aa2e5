"""The golden-file helper: regenerating is refused in CI, a missing file fails."""

import pytest

from ..goldens import UPDATE, assert_golden

FOUND = {"Vote": [{"option": "yes", "person": ["سلوى النجمي", "popolo:p-001"]}]}


def test_regenerating_a_golden_is_refused_in_ci(tmp_path, monkeypatch):
    monkeypatch.setenv(UPDATE, "1")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="in CI"):
        assert_golden(tmp_path / "x.records.json", FOUND)
    assert not (tmp_path / "x.records.json").exists()


def test_a_missing_golden_fails_and_a_regenerated_one_holds_the_records(tmp_path, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("JISR_REAL_DATA", raising=False)
    monkeypatch.delenv(UPDATE, raising=False)
    path = tmp_path / "x.records.json"
    with pytest.raises(pytest.fail.Exception, match="no golden file"):
        assert_golden(path, FOUND)
    monkeypatch.setenv(UPDATE, "1")
    assert_golden(path, FOUND)
    assert "سلوى النجمي" in path.read_text(encoding="utf-8")
    monkeypatch.delenv(UPDATE)
    with pytest.raises(AssertionError, match="1 records expected, 0 written"):
        assert_golden(path, {"Vote": []})
