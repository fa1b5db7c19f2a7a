"""The FastAPI application: a read-only JSON API under /api and the dashboard at /.

Each request opens its own short-lived read-only DuckDB connection and closes it before the
response goes out. DuckDB lets one process write a file or any number of processes read it, never
both: a server that held a connection open would stop `dotterel code` from starting, and while
`dotterel code` runs no reader can attach. So the server answers 503 with a one-line message during
a run, and shows the new events on the first request after it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import importlib.resources
import logging
import threading
import time
from collections.abc import AsyncIterator, Iterator
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from dotterel import __version__
from dotterel.errors import StoreError, UserError
from dotterel.model import PLOVER_TYPES
from dotterel.store import browse
from dotterel.store.browse import BrowseFilter
from dotterel.store.database import Store
from dotterel.store.export import event_row_json
from dotterel.store.filters import MODALITIES, EventFilter, parse_near
from dotterel.store.panels import PANEL_UNITS, TOP_KEYS

__all__ = ["create_app", "StoreBusy"]

log = logging.getLogger(__name__)

_DATA = importlib.resources.files("dotterel.serve") / "data"
_READ = ["GET", "HEAD"]

PloverType = Enum("PloverType", {t: t for t in PLOVER_TYPES}, type=str)  # type: ignore[misc]


class Period(str, Enum):
    day = "day"
    week = "week"
    month = "month"
    quarter = "quarter"
    year = "year"


class Sort(str, Enum):
    date = "date"
    date_desc = "-date"
    confidence = "confidence"
    confidence_desc = "-confidence"
    goldstein = "goldstein"
    goldstein_desc = "-goldstein"


PanelUnit = Enum("PanelUnit", {u: u for u in PANEL_UNITS}, type=str)  # type: ignore[misc]
TopKind = Enum("TopKind", {k: k for k in TOP_KEYS}, type=str)  # type: ignore[misc]
Modality = Enum("Modality", {m: m for m in MODALITIES}, type=str)  # type: ignore[misc]


class StoreBusy(Exception):
    """Another process holds the database's write lock."""


ISO3 = r"^[A-Za-z]{3}$"
BBOX = r"^-?\d+(\.\d+)?,-?\d+(\.\d+)?,-?\d+(\.\d+)?,-?\d+(\.\d+)?$"


def _bbox(text: str | None, name: str) -> tuple[float, float, float, float] | None:
    if not text:
        return None
    lon0, lat0, lon1, lat1 = (float(v) for v in text.split(","))
    if not (-180 <= lon0 <= lon1 <= 180 and -90 <= lat0 <= lat1 <= 90):
        raise UserError(f"{name} must be min_lon,min_lat,max_lon,max_lat within -180..180 and -90..90.")
    return lon0, lat0, lon1, lat1


NEAR = r"^-?\d+(\.\d+)?,-?\d+(\.\d+)?,\d+(\.\d+)?$"
HISTORICAL = ("Keep (true) or leave out (false) events the article reports as past background; omitted: "
              "listings and the map keep them, series and aggregates leave them out, as the CLI does.")


def cli_filter(
    since: Annotated[dt.date | None, Query(description="From this date (YYYY-MM-DD).")] = None,
    until: Annotated[dt.date | None, Query(description="Up to this date (YYYY-MM-DD).")] = None,
    source: Annotated[str | None, Query(pattern=ISO3, description="ISO3 country of a source party.")] = None,
    target: Annotated[str | None, Query(pattern=ISO3, description="ISO3 country of a target party.")] = None,
    country: Annotated[str | None, Query(pattern=ISO3,
                                         description="ISO3 of a party on either side or of the place.")] = None,
    type: Annotated[list[PloverType] | None, Query(description="PLOVER event type (repeatable).")] = None,
    min_confidence: Annotated[float | None, Query(ge=0, le=1, description="Only events at least this confident.")] = None,
    near: Annotated[str | None, Query(pattern=NEAR, description="Only events placed within KM of LAT,LON,KM.")] = None,
    article: Annotated[str | None, Query(max_length=200, description="Only this article's events.")] = None,
    modality: Annotated[Modality | None, Query(description="factual (not negated, future or hypothetical), "
                                                           "negated, future, hypothetical or historical.")] = None,
    historical: Annotated[bool | None, Query(description=HISTORICAL)] = None,
) -> EventFilter:
    """The filters of the CLI (`dotterel events`, `panel`, `top`: FILTERS in the README)."""
    return EventFilter(
        source=source, target=target, country=country, plover_type=",".join(t.value for t in type or ()) or None,
        since=since, until=until, article_id=article, min_confidence=min_confidence, near=parse_near(near),
        modality=modality.value if modality else None, include_historical=historical,
    )


CliFilter = Annotated[EventFilter, Depends(cli_filter)]


def event_filter(
    base: CliFilter,
    source_actor: Annotated[str | None, Query(min_length=2, max_length=100,
                                              description="Text in a source party's name or mention.")] = None,
    target_actor: Annotated[str | None, Query(min_length=2, max_length=100,
                                              description="Text in a target party's name or mention.")] = None,
    quad: Annotated[list[Annotated[int, Query(ge=1, le=4)]] | None,
                    Query(description="QuadClass 1-4 (repeatable).")] = None,
    bbox: Annotated[str | None, Query(pattern=BBOX, description="min_lon,min_lat,max_lon,max_lat of the place.")] = None,
) -> BrowseFilter:
    """The CLI's filters plus the dashboard's: actor text, QuadClass, a box on the map."""
    return BrowseFilter(base=base, source_actor=source_actor, target_actor=target_actor,
                        quads=tuple(sorted(set(quad or ()))), bbox=_bbox(bbox, "bbox"))


Filter = Annotated[BrowseFilter, Depends(event_filter)]


def _request_store(request: Request) -> Iterator[Store]:
    """A read-only connection for one request, closed before the response is sent."""
    s = _open(request.app.state.db_path)
    try:
        yield s
    finally:
        s.close()


Db = Annotated[Store, Depends(_request_store)]


def _open(path: Path, tries: int = 3) -> Store:
    """A read-only store; a held write lock is retried briefly, then reported as busy."""
    for attempt in range(tries):
        try:
            return Store(path, read_only=True)
        except StoreError as exc:
            if "lock" not in str(exc).lower():
                raise
            if attempt == tries - 1:
                raise StoreBusy() from exc
            time.sleep(0.1 * (attempt + 1))
    raise AssertionError("unreachable")


def _json(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def _validation_message(exc: RequestValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first.get("loc", ())[1:]) or "request"
    return f"bad parameter {where}: {first.get('msg', 'invalid value')}"


@contextlib.asynccontextmanager
async def _warm_up(app: FastAPI) -> AsyncIterator[None]:
    """Thin the world outline while the server starts, not on the first page load."""
    from dotterel.serve.world import world_outline

    threading.Thread(target=_quietly, args=(world_outline,), daemon=True).start()
    yield


def _quietly(fn: Any) -> None:
    try:
        fn()
    except Exception:  # the request for /static/world.json reports the problem
        log.debug("world outline warm-up failed", exc_info=True)


def create_app(db: str | Path) -> FastAPI:
    """The API and dashboard over the DuckDB file at `db` (opened read-only, per request)."""
    path = Path(db)
    app = FastAPI(
        title="dotterel", version=__version__,
        # Swagger UI and ReDoc load their scripts from a CDN; the page must not leave the machine.
        docs_url=None, redoc_url=None,
        description="Read-only JSON API over a dotterel events database. Every parameter is validated; "
                    "errors are {\"error\": \"one line\"} with a 4xx status (503 while `dotterel code` writes).",
        lifespan=_warm_up,
    )

    app.state.db_path = path

    @app.middleware("http")
    async def read_only_methods(request: Request, call_next: Any) -> Response:
        if request.method not in _READ:
            return JSONResponse({"error": f"method {request.method} not allowed: this server only reads"},
                                status_code=405, headers={"Allow": "GET, HEAD"})
        started = time.perf_counter()
        if request.method == "HEAD":  # answered as GET without the body, so OpenAPI lists GET alone
            request.scope["method"] = "GET"
            response = await call_next(request)
            response = Response(status_code=response.status_code, headers=dict(response.headers))
        else:
            response = await call_next(request)
        # Time spent in the app (connection, query, JSON), for the browser's devtools and bench/.
        response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.1f}"
        return response

    @app.exception_handler(RequestValidationError)
    async def _bad_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        return _error(400, _validation_message(exc))

    @app.exception_handler(UserError)
    async def _user_error(request: Request, exc: UserError) -> JSONResponse:
        return _error(400, exc.message)

    @app.exception_handler(StoreBusy)
    async def _busy(request: Request, exc: StoreBusy) -> JSONResponse:
        return JSONResponse(
            {"error": f"{path.name} is being written by another process (dotterel code); "
                      "it can be read again when that run ends"},
            status_code=503, headers={"Retry-After": "5"})

    @app.exception_handler(StoreError)
    async def _store_error(request: Request, exc: StoreError) -> JSONResponse:
        return _error(503, exc.message)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error on %s", request.url.path)
        return _error(500, f"internal error: {type(exc).__name__}")

    # -- API ------------------------------------------------------------------------------------
    @app.api_route("/api/events", methods=["GET"], tags=["events"])
    def events(
        s: Db, flt: Filter,
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
        sort: Sort = Sort.date_desc,
        total: Annotated[bool, Query(description="Also count every matching event.")] = True,
    ) -> dict[str, Any]:
        """A page of events in the event JSON contract, newest first by default."""
        rows = browse.event_page(s, flt, limit=limit, offset=offset, sort=sort.value)
        return {
            "total": browse.count_events(s, flt) if total else None, "limit": limit, "offset": offset,
            "sort": sort.value, "events": [_json(event_row_json(r)) for r in rows],
        }

    @app.api_route("/api/events/{event_id}", methods=["GET"], tags=["events"])
    def event(s: Db, event_id: str) -> dict[str, Any]:
        """One event in the event JSON contract."""
        row = browse.event_by_id(s, event_id)
        if row is None:
            raise HTTPException(404, f"no event {event_id!r}")
        return _json(event_row_json(row))

    @app.api_route("/api/dyad", methods=["GET"], tags=["aggregates"])
    def dyad(
        s: Db,
        source: Annotated[str, Query(pattern=ISO3)],
        target: Annotated[str, Query(pattern=ISO3)],
        every: Period = Period.week,
        both_ways: bool = False,
        since: dt.date | None = None,
        until: dt.date | None = None,
        min_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
        type: Annotated[list[PloverType] | None, Query(description="PLOVER event type (repeatable).")] = None,
        modality: Modality | None = None,
        historical: Annotated[bool | None, Query(description=HISTORICAL)] = None,
    ) -> list[dict[str, Any]]:
        """One dyad's series, as `dotterel dyad SRC TGT`."""
        flt = EventFilter(plover_type=",".join(t.value for t in type or ()) or None, since=since, until=until,
                          min_confidence=min_confidence, modality=modality.value if modality else None,
                          include_historical=historical)
        return _json(s.dyad_series(source, target, every=every.value, both_ways=both_ways, flt=flt))

    @app.api_route("/api/timeline", methods=["GET"], tags=["aggregates"])
    def timeline(s: Db, flt: Filter, every: Period = Period.month) -> list[dict[str, Any]]:
        """Events per period under any filter, with mean Goldstein and counts per QuadClass."""
        return _json(browse.timeline(s, flt, every=every.value))

    @app.api_route("/api/map", methods=["GET"], tags=["aggregates"])
    def map_(
        s: Db, flt: Filter,
        cell: Annotated[float, Query(ge=0.01, le=45, description="Cell size in degrees.")] = 2.0,
        view: Annotated[str | None, Query(pattern=BBOX, description="Only cells in this box.")] = None,
        limit: Annotated[int, Query(ge=1, le=5000)] = 2000,
    ) -> list[dict[str, Any]]:
        """Events with a place, clustered into cells of `cell` degrees."""
        box = _bbox(view, "view")
        if box and flt.bbox:
            box = (max(box[0], flt.bbox[0]), max(box[1], flt.bbox[1]), min(box[2], flt.bbox[2]),
                   min(box[3], flt.bbox[3]))
            if box[0] > box[2] or box[1] > box[3]:
                return []
        flt = dataclasses.replace(flt, bbox=box or flt.bbox)
        return _json(browse.map_clusters(s, flt, cell=cell, limit=limit))

    @app.api_route("/api/network", methods=["GET"], tags=["aggregates"])
    def network(s: Db, flt: Filter, limit: Annotated[int, Query(ge=1, le=500)] = 60) -> list[dict[str, Any]]:
        """The busiest source-target country pairs with their mean Goldstein."""
        return _json(browse.network(s, flt, limit=limit))

    @app.api_route("/api/panel", methods=["GET"], tags=["aggregates"])
    def panel(s: Db, flt: CliFilter, by: PanelUnit = PanelUnit.country,  # type: ignore[attr-defined]
              every: Period = Period.month) -> dict[str, Any]:
        """`dotterel panel`: zero-filled counts per unit (country, admin1, dyad, actor) and period."""
        rows = browse.panel(s, flt, by=by.value, every=every.value)
        return {"by": by.value, "every": every.value, "rows": _json(rows)}

    @app.api_route("/api/top", methods=["GET"], tags=["aggregates"])
    def top(s: Db, flt: CliFilter, by: TopKind = TopKind.dyad,  # type: ignore[attr-defined]
            limit: Annotated[int, Query(ge=1, le=200)] = 10) -> list[dict[str, Any]]:
        """`dotterel top`: the most frequent dyads, sources, targets, PLOVER types or places."""
        return _json(browse.top(s, flt, by=by.value, limit=limit))

    @app.api_route("/api/actors", methods=["GET"], tags=["actors"])
    def actors(s: Db, q: Annotated[str, Query(min_length=2, max_length=100)],
               limit: Annotated[int, Query(ge=1, le=100)] = 20) -> list[dict[str, Any]]:
        """Actors seen in stored events whose name, mention, country or KB id contains `q`."""
        return _json(browse.actor_search(s, q, limit=limit))

    @app.api_route("/api/articles/{article_id}", methods=["GET"], tags=["articles"])
    def article(s: Db, article_id: str) -> dict[str, Any]:
        """The cleaned article text with every event's sentence, trigger and party offsets into it."""
        found = browse.article_with_events(s, article_id)
        if found is None:
            raise HTTPException(404, f"no article {article_id!r}")
        events = found.pop("events")
        found["events"] = [
            {**_json(event_row_json(e)), "sentence_start": e["sentence_start"], "sentence_end": e["sentence_end"],
             "parties": [{"side": side, "text": p["text"], "start": p["start"], "end": p["end"]}
                         for side in ("source", "target") for p in e[side] or []]}
            for e in events
        ]
        return _json(found)

    @app.api_route("/api/stats", methods=["GET"], tags=["store"])
    def stats(s: Db) -> dict[str, Any]:
        """Row counts, the events' date range and the last run."""
        return _json({**browse.stats(s), "database": path.name, "version": __version__})

    @app.api_route("/api/{rest:path}", methods=["GET"], include_in_schema=False)
    def unknown(rest: str) -> None:
        raise HTTPException(404, f"no endpoint /api/{rest}; see /openapi.json")

    # -- dashboard --------------------------------------------------------------------------------
    @app.api_route("/", methods=["GET"], include_in_schema=False)
    def index() -> Response:
        return Response((_DATA / "index.html").read_bytes(), media_type="text/html; charset=utf-8")

    @app.api_route("/static/{name}", methods=["GET"], include_in_schema=False)
    def static(name: str) -> Response:
        return _static(name)

    return app


_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".json": "application/json"}


def _static(name: str) -> Response:
    """The dashboard's own files, plotly's bundle from the installed plotly wheel, the world outline."""
    headers = {"Cache-Control": "max-age=3600"}
    if name == "plotly.min.js":
        bundle = importlib.resources.files("plotly") / "package_data" / "plotly.min.js"
        return FileResponse(str(bundle), media_type=_TYPES[".js"], headers=headers)
    if name == "world.json":
        from dotterel.serve.world import world_outline

        return JSONResponse(world_outline(), headers=headers)
    if name in {"dashboard.js", "dashboard.css"}:
        return Response((_DATA / name).read_bytes(), media_type=_TYPES[Path(name).suffix], headers=headers)
    raise HTTPException(404, f"no static file {name!r}")
