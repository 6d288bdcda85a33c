"""Settings: environment > .env > default, typed, with clear errors; the README lists them all."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.config import SETTINGS, load_settings
from kg.errors import ConfigError

README = Path(__file__).resolve().parent.parent / "README.md"


def test_defaults(tmp_path):
    s = load_settings({}, dotenv=tmp_path / ".env")
    assert s.store == "./data/store" and s.write_token == "" and s.sparql_update is False
    assert s.max_page_size == 100


def test_env_beats_dotenv_beats_default(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("# comment\nCKG_STORE=memory\nCKG_QUERY_TIMEOUT='5'\nCKG_SPARQL_UPDATE=yes\n")
    s = load_settings({"CKG_STORE": "/srv/kg"}, dotenv=env_file)
    assert s.store == "/srv/kg" and s.query_timeout == 5.0 and s.sparql_update is True


@pytest.mark.parametrize(("env", "message"), [
    ({"CKG_QUERY_TIMEOUT": "soon"}, "CKG_QUERY_TIMEOUT must be a float"),
    ({"CKG_GRAPHQL_MAX_PAGE": "-3"}, "CKG_GRAPHQL_MAX_PAGE must be positive"),
    ({"CKG_SPARQL_UPDATE": "maybe"}, "CKG_SPARQL_UPDATE must be true or false"),
    ({"CKG_STORE": " "}, "CKG_STORE is empty"),
])
def test_bad_values_are_named(tmp_path, env, message):
    with pytest.raises(ConfigError, match=message):
        load_settings(env, dotenv=tmp_path / ".env")


def test_malformed_dotenv_line(tmp_path):
    (tmp_path / ".env").write_text("CKG_STORE\n")
    with pytest.raises(ConfigError, match=r"\.env:1: expected KEY=value"):
        load_settings({}, dotenv=tmp_path / ".env")


def test_secrets_are_not_in_repr():
    s = load_settings({"CKG_WRITE_TOKEN": "s3cret"}, dotenv=None)
    assert "s3cret" not in repr(s)


def test_readme_documents_every_setting():
    text = README.read_text(encoding="utf-8")
    missing = [s.env for s in SETTINGS.values() if s.env not in text]
    assert not missing, f"README does not mention {missing}"
