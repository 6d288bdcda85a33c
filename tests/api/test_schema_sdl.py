"""The SDL in api/schema.graphql is what the code builds; regenerate with
``python -m api.schema`` when this fails."""

from pathlib import Path

from api.schema import schema

SDL = Path(__file__).resolve().parents[2] / "api" / "schema.graphql"


def test_sdl_file_matches_code():
    assert SDL.read_text(encoding="utf-8") == schema.as_str() + "\n", (
        "api/schema.graphql is out of date: run `python -m api.schema`"
    )
