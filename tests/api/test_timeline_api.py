import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from tests.conftest import source_text
from tests.gold_timeline import MERGED, VARIANTS
from tests.server import local_client


@pytest.fixture(scope="module")
def client(pipeline):
    with local_client(create_app(pipeline=pipeline)) as c:
        yield c


def exact(citations: list[dict]) -> bool:
    return all(source_text(c["source"])[c["start"] : c["end"]] == c["text"] for c in citations)


def test_timeline(client):
    r = client.get("/timeline")
    assert r.status_code == 200
    events = r.json()
    assert [e["earliest"] for e in events] == sorted(e["earliest"] for e in events)
    for e in events:
        assert set(e) >= {"id", "date", "precision", "earliest", "latest", "description", "people", "places", "citations"}
        assert e["citations"] and exact(e["citations"]) and e["description"] == e["citations"][0]["text"]
    riyadh = next(e for e in events if e["date"] == MERGED[0]["date"])
    assert {c["source"] for c in riyadh["citations"]} >= MERGED[0]["sources"]


def test_timeline_filters(client):
    events = client.get("/timeline", params={"from": "2025-02-15", "to": "2025-02-20"}).json()
    assert events and all(e["latest"] >= "2025-02-15" and e["earliest"] <= "2025-02-20" for e in events)
    by_variant = [client.get("/timeline", params={"person": v}).json() for v in VARIANTS["Sergei Lavrov"]]
    assert by_variant[0] and all(v == by_variant[0] for v in by_variant)
    assert all("Sergei Lavrov" in e["people"] for e in by_variant[0])
    assert client.get("/timeline", params={"person": "Zelenskyy"}).json() == client.get(
        "/timeline", params={"person": "Volodymyr Zelensky"}).json()
    assert client.get("/timeline", params={"person": "Nobody Atall"}).json() == []


@pytest.mark.parametrize(("params", "needle"), [
    ({"from": "18-02-2025"}, "from"),
    ({"to": "kemarin"}, "to"),
    ({"from": "2025-03-01", "to": "2025-02-01"}, "after"),
    ({"person": "x" * 201}, "person"),
])
def test_invalid_filters_are_422(client, params, needle):
    r = client.get("/timeline", params=params)
    assert r.status_code == 422 and needle in r.json()["error"]["message"]


def test_people(client):
    r = client.get("/people")
    assert r.status_code == 200
    people = {p["name"]: p for p in r.json()}
    for name, variants in VARIANTS.items():
        assert set(people[name]["variants"]) == variants
    rubio = people["Marco Rubio"]
    assert any(role["title"].lower() == "menteri luar negeri as" for role in rubio["roles"])
    for p in people.values():
        assert exact(p["citations"]) and all(exact(role["citations"]) for role in p["roles"])
