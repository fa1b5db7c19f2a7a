"""The JSON API in-process, against a DuckDB file coded from the project's own articles."""

from __future__ import annotations

import pytest

from dotterel.store import open_store
from dotterel.store.export import event_row_json

CONTRACT = {"event_id", "article_id", "date", "date_precision", "source", "target", "plover", "cameo", "modality",
            "location", "evidence", "confidence"}


def all_events(client, **params):
    page = client.get("/api/events", params={"limit": 500, **params})
    assert page.status_code == 200, page.text
    return page.json()


def test_events_page_follows_the_contract_and_matches_the_store(client, served_db):
    body = all_events(client, sort="date")
    with open_store(served_db, read_only=True) as store:
        stored = [event_row_json(r) for r in store.events()]
    assert body["total"] == len(stored) == len(body["events"]) > 10
    assert all(CONTRACT <= set(e) for e in body["events"])
    assert {e["event_id"] for e in body["events"]} == {e["event_id"] for e in stored}
    dates = [e["date"] for e in body["events"]]
    assert dates == sorted(dates)


@pytest.mark.parametrize("deep", [5000, 3])  # 3: pages past it take the ids-first path
def test_paging_is_stable_and_complete(client, monkeypatch, deep):
    from dotterel.store import browse

    monkeypatch.setattr(browse, "DEEP_OFFSET", deep)
    total = all_events(client)["total"]
    seen = []
    for offset in range(0, total, 4):
        seen += [e["event_id"] for e in client.get("/api/events", params={"limit": 4, "offset": offset}).json()["events"]]
    assert len(seen) == len(set(seen)) == total
    assert seen == [e["event_id"] for e in all_events(client)["events"]]


@pytest.mark.parametrize("params, check", [
    ({"source": "ind"}, lambda e: "IND" in [a["country"] for a in e["source"]]),
    ({"target": "CHN"}, lambda e: "CHN" in [a["country"] for a in e["target"]]),
    ({"type": ["ASSAULT", "ACCUSE"]}, lambda e: e["plover"]["type"] in {"ASSAULT", "ACCUSE"}),
    ({"quad": 4}, lambda e: e["cameo"]["quad"] == 4),
    ({"min_confidence": 0.5}, lambda e: e["confidence"] >= 0.5),
    ({"since": "2024-04-01", "until": "2024-06-30"}, lambda e: "2024-04-01" <= e["date"] <= "2024-06-30"),
    ({"source_actor": "ruto"}, lambda e: any("Ruto" in (a["name"] or "") for a in e["source"])),
    ({"country": "BGD"}, lambda e: "BGD" in [a["country"] for a in e["source"] + e["target"]]
     + [(e["location"] or {}).get("country")]),
    ({"near": "23.7,90.4,50"}, lambda e: e["location"]["name"] == "Dhaka"),
    ({"modality": "historical"}, lambda e: e["modality"]["historical"]),
    ({"bbox": "80,20,95,30"}, lambda e: 80 <= e["location"]["lon"] <= 95 and 20 <= e["location"]["lat"] <= 30),
])
def test_filters_select_what_they_say(client, params, check):
    body = all_events(client, **params)
    assert 0 < body["total"] < all_events(client)["total"]
    assert all(check(e) for e in body["events"])


def test_modal_and_historical_events_can_be_left_out(client, served_db):
    with open_store(served_db, read_only=True) as store:
        rows = store.events()
    modal = sum(1 for r in rows if r["negated"] or r["future"] or r["hypothetical"])
    historical = sum(1 for r in rows if r["historical"])
    assert modal and historical
    assert all_events(client)["total"] == len(rows)  # kept by default, as `dotterel events` keeps them
    assert all_events(client, modality="factual")["total"] == len(rows) - modal
    assert all_events(client, historical="false")["total"] == len(rows) - historical


def test_one_event_and_its_article_with_offsets(client):
    event = all_events(client, type="ASSAULT", source="MLI")["events"][0]
    assert client.get(f"/api/events/{event['event_id']}").json() == event
    article = client.get(f"/api/articles/{event['article_id']}").json()
    text = article["text"]
    mine = next(e for e in article["events"] if e["event_id"] == event["event_id"])
    ev = mine["evidence"]
    assert text[ev["start"]:ev["end"]] == ev["trigger"] == "attacked"
    assert text[mine["sentence_start"]:mine["sentence_end"]].strip() == ev["sentence"].strip()
    assert mine["sentence_start"] <= ev["start"] < ev["end"] <= mine["sentence_end"]
    for party in mine["parties"]:
        assert text[party["start"]:party["end"]] == party["text"]
    assert {p["side"] for p in mine["parties"]} == {"source", "target"}


def test_dyad_matches_the_cli_series(client, served_db):
    with open_store(served_db, read_only=True) as store:
        expected = store.dyad_series("IND", "CHN", every="month", both_ways=True)
    got = client.get("/api/dyad", params={"source": "ind", "target": "chn", "every": "month", "both_ways": True}).json()
    assert [r["events"] for r in got] == [r["events"] for r in expected] and got
    assert got[0]["period"] == expected[0]["period"].isoformat()


def test_aggregates(client):
    total = all_events(client)["total"]
    timeline = client.get("/api/timeline", params={"every": "month", "historical": True}).json()
    assert sum(r["events"] for r in timeline) == total  # every sample event has a date
    series = client.get("/api/timeline", params={"every": "month"}).json()
    assert sum(r["events"] for r in series) == total - 1  # series leave the historical event out
    assert all(r["events"] == r["verbal_coop"] + r["material_coop"] + r["verbal_conflict"] + r["material_conflict"]
               for r in timeline)
    cells = client.get("/api/map", params={"cell": 1}).json()
    placed = sum(1 for e in all_events(client)["events"] if e["location"] and e["location"]["lat"] is not None)
    assert sum(c["events"] for c in cells) == placed
    dhaka = next(c for c in cells if c["place"] == "Dhaka")
    inside = all_events(client, bbox=",".join(map(str, dhaka["bbox"])))
    assert inside["total"] == dhaka["events"]
    edges = client.get("/api/network").json()
    assert {"source": "IND", "target": "CHN"}.items() <= next(e for e in edges if e["source"] == "IND").items()
    panel = client.get("/api/panel", params={"by": "dyad", "every": "year"}).json()
    assert panel["by"] == "dyad" and {"unit", "period", "events", "happenings"} <= set(panel["rows"][0])
    assert "IND-CHN" in {r["unit"] for r in panel["rows"]}
    top = client.get("/api/top", params={"by": "type", "limit": 3}).json()
    assert len(top) == 3 and top[0]["events"] >= top[-1]["events"] and top[0]["type"]
    actors = client.get("/api/actors", params={"q": "ruto"}).json()
    assert actors[0]["name"] == "William Ruto" and actors[0]["country"] == "KEN"
    stats = client.get("/api/stats").json()
    assert stats["counts"]["events"] == total and stats["first_date"] <= stats["last_date"]
    assert stats["last_run"]["events"] == total - 2  # the coding run; the two hand-built events came after


@pytest.mark.parametrize("url", [
    "/api/events?limit=0", "/api/events?limit=501", "/api/events?offset=-1", "/api/events?sort=drop",
    "/api/events?source=USAA", "/api/events?source=U%27S", "/api/events?type=FIGHTS", "/api/events?quad=5",
    "/api/events?min_confidence=2", "/api/events?since=2024-02-30", "/api/events?since=2024-05-01&until=2024-01-01",
    "/api/events?bbox=1,2,3", "/api/events?bbox=10,0,0,10", "/api/events?historical=perhaps",
    "/api/events?modality=maybe", "/api/events?near=1,2", "/api/events?near=95,0,10", "/api/events?country=1AB",
    "/api/dyad?source=USA", "/api/dyad?source=USA&target=TUR&every=fortnight", "/api/panel?by=city",
    "/api/top?by=mood", "/api/actors", "/api/actors?q=x", "/api/map?cell=0", "/api/timeline?every=hour",
    "/api/events?source_actor=%27%3B%20DROP%20TABLE%20events%3B--",
])
def test_bad_values_are_a_4xx_with_one_line(client, url):
    r = client.get(url)
    if "DROP" in url:  # a hostile string is only ever a bound value: no match, no harm
        assert r.status_code == 200 and r.json()["total"] == 0
        assert client.get("/api/stats").json()["counts"]["events"] > 0
        return
    assert 400 <= r.status_code < 500, (url, r.status_code, r.text)
    message = r.json()["error"]
    assert message and "\n" not in message


def test_unknown_things_are_404(client):
    assert client.get("/api/events/nope").status_code == 404
    assert client.get("/api/articles/nope").json() == {"error": "no article 'nope'"}
    assert client.get("/api/nothing").status_code == 404
    assert client.get("/static/secret.py").status_code == 404


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
def test_only_get_and_head(client, method):
    r = client.request(method, "/api/events")
    assert r.status_code == 405 and r.headers["allow"] == "GET, HEAD"
    assert client.head("/api/stats").status_code == 200


def test_openapi_documents_every_endpoint(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/events", "/api/events/{event_id}", "/api/dyad", "/api/panel", "/api/top", "/api/actors",
                 "/api/articles/{article_id}", "/api/stats", "/api/timeline", "/api/map", "/api/network"):
        assert set(spec["paths"][path]) == {"get"}, path
    params = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert {"since", "until", "source", "target", "country", "type", "quad", "min_confidence", "near", "article",
            "modality", "historical", "limit", "offset", "sort"} <= params


def test_dashboard_is_served_offline(client):
    page = client.get("/").text
    for src in ("/static/plotly.min.js", "/static/dashboard.js", "/static/dashboard.css"):
        assert src in page
        assert client.get(src).status_code == 200
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page
    assert client.get("/docs").status_code == 404  # Swagger UI would load its scripts from a CDN
    world = client.get("/static/world.json").json()
    assert len(world["lon"]) == len(world["lat"]) > 10_000
    assert all(-180 <= v <= 180 for v in world["lon"] if v is not None)
