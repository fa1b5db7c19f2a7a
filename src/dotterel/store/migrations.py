"""Schema migrations. Append a new (version, statements) pair; never edit a released one."""

from __future__ import annotations

ACTOR_STRUCT = (
    "STRUCT(text VARCHAR, start INTEGER, \"end\" INTEGER, country VARCHAR, sector VARCHAR, "
    "name VARCHAR, kb_id VARCHAR, cameo VARCHAR, kind VARCHAR)"
)

#: Fills `dyads` from the events already stored (migration 2; bench/dyad_query.py).
DYADS_FROM_EVENTS = """INSERT INTO dyads
    SELECT event_id, article_id, date, source_country, source_sector, target_country,
           target_sector, plover_type, cameo_root, goldstein, quad, negated, future,
           hypothetical, historical, confidence
    FROM event_pairs"""

MIGRATIONS: list[tuple[int, list[str]]] = [
    (
        1,
        [
            """CREATE TABLE runs (
                run_id VARCHAR PRIMARY KEY,
                started_at TIMESTAMP,
                finished_at TIMESTAMP,
                pipeline_version VARCHAR,
                config_hash VARCHAR,
                inputs VARCHAR[],
                read INTEGER, coded INTEGER, stored INTEGER, duplicates INTEGER,
                skipped INTEGER, failed INTEGER, events INTEGER, seconds DOUBLE
            )""",
            """CREATE TABLE articles (
                article_id VARCHAR PRIMARY KEY,
                run_id VARCHAR,
                origin VARCHAR,
                title VARCHAR,
                published DATE,
                published_basis VARCHAR,
                source VARCHAR,
                url VARCHAR,
                language VARCHAR,
                dateline_place VARCHAR,
                text VARCHAR,
                raw_text VARCHAR,
                content_hash VARCHAR,
                minhash BLOB,
                n_sentences INTEGER,
                n_events INTEGER
            )""",
            """CREATE TABLE duplicates (
                article_id VARCHAR,
                origin VARCHAR,
                canonical_id VARCHAR,
                kind VARCHAR,
                similarity DOUBLE,
                title VARCHAR,
                run_id VARCHAR,
                PRIMARY KEY (article_id, origin)
            )""",
            """CREATE TABLE sentences (
                article_id VARCHAR,
                idx INTEGER,
                start INTEGER,
                "end" INTEGER,
                text VARCHAR,
                parsed BOOLEAN,
                PRIMARY KEY (article_id, idx)
            )""",
            f"""CREATE TABLE mentions (
                article_id VARCHAR,
                sentence INTEGER,
                start INTEGER,
                "end" INTEGER,
                text VARCHAR,
                label VARCHAR,
                via VARCHAR,
                actors {ACTOR_STRUCT}[],
                PRIMARY KEY (article_id, start, "end")
            )""",
            f"""CREATE TABLE events (
                event_id VARCHAR PRIMARY KEY,
                article_id VARCHAR,
                sentence INTEGER,
                date DATE,
                date_precision VARCHAR,
                date_basis VARCHAR,
                source {ACTOR_STRUCT}[],
                target {ACTOR_STRUCT}[],
                plover_type VARCHAR,
                plover_mode VARCHAR,
                plover_context VARCHAR[],
                cameo_code VARCHAR,
                cameo_root VARCHAR,
                goldstein DOUBLE,
                quad INTEGER,
                negated BOOLEAN,
                future BOOLEAN,
                hypothetical BOOLEAN,
                historical BOOLEAN,
                location_name VARCHAR,
                geonameid BIGINT,
                location_country VARCHAR,
                admin1 VARCHAR,
                lat DOUBLE,
                lon DOUBLE,
                location_basis VARCHAR,
                evidence VARCHAR,
                trigger VARCHAR,
                trigger_start INTEGER,
                trigger_end INTEGER,
                confidence DOUBLE,
                pipeline_version VARCHAR,
                config_hash VARCHAR,
                run_id VARCHAR
            )""",
            """CREATE TABLE failures (
                origin VARCHAR,
                stage VARCHAR,
                reason VARCHAR,
                status VARCHAR,
                article_id VARCHAR,
                run_id VARCHAR,
                PRIMARY KEY (origin, stage, reason)
            )""",
            """CREATE TABLE toponyms (
                article_id VARCHAR,
                sentence INTEGER,
                start INTEGER,
                "end" INTEGER,
                text VARCHAR,
                name VARCHAR,
                geonameid BIGINT,
                country VARCHAR,
                admin1 VARCHAR,
                lat DOUBLE,
                lon DOUBLE,
                feature VARCHAR,
                PRIMARY KEY (article_id, start, "end")
            )""",
            # One row per source-target pair: the GDELT/CAMEO view of a PLOVER event.
            """CREATE VIEW event_pairs AS
               SELECT e.event_id, e.article_id, e.date, e.plover_type, e.cameo_code, e.cameo_root,
                      e.goldstein, e.quad, s.country AS source_country, s.sector AS source_sector,
                      s.name AS source_name, s.cameo AS source_cameo,
                      t.country AS target_country, t.sector AS target_sector,
                      t.name AS target_name, t.cameo AS target_cameo,
                      e.negated, e.future, e.hypothetical, e.historical,
                      e.location_name, e.geonameid, e.location_country, e.lat, e.lon, e.confidence
               FROM events e
               LEFT JOIN LATERAL (SELECT UNNEST(CASE WHEN len(e.source) = 0 THEN [NULL] ELSE e.source END) AS s) ON TRUE
               LEFT JOIN LATERAL (SELECT UNNEST(CASE WHEN len(e.target) = 0 THEN [NULL] ELSE e.target END) AS t) ON TRUE""",
        ],
    ),
    (
        2,
        [
            # The event_pairs view unnests struct lists at query time: one dyad's weekly series over
            # 10M events took ~300 ms. A flat table filled on write answers it in under 100 ms
            # (bench/dyad_query.py). One row per source-target pair, as the view.
            """CREATE TABLE dyads (
                event_id VARCHAR,
                article_id VARCHAR,
                date DATE,
                source_country VARCHAR,
                source_sector VARCHAR,
                target_country VARCHAR,
                target_sector VARCHAR,
                plover_type VARCHAR,
                cameo_root VARCHAR,
                goldstein DOUBLE,
                quad INTEGER,
                negated BOOLEAN,
                future BOOLEAN,
                hypothetical BOOLEAN,
                historical BOOLEAN,
                confidence DOUBLE
            )""",
            DYADS_FROM_EVENTS,
        ],
    ),
]

MIGRATIONS.append(
    (
        3,
        [
            # Happenings: event mentions of one occurrence share a happening_id (the event id of its
            # first report). Existing events start as their own happening; `Store.migrate` then
            # links them (dotterel.store.happenings.relink_all), which SQL alone cannot.
            "ALTER TABLE events ADD COLUMN happening_id VARCHAR",
            "UPDATE events SET happening_id = event_id",
            "ALTER TABLE dyads ADD COLUMN happening_id VARCHAR",
            "UPDATE dyads SET happening_id = event_id",
            # Casualties as ranges: "at least 12 killed" is killed_low 12, killed_high NULL.
            *[f"ALTER TABLE events ADD COLUMN {kind}_{end} INTEGER"
              for kind in ("killed", "wounded", "arrested") for end in ("low", "high")],
            # The outlet of an article (its source field, else its URL's domain), for num_sources.
            "ALTER TABLE articles ADD COLUMN outlet VARCHAR",
            """CREATE TABLE happenings (
                happening_id VARCHAR,
                first_seen DATE,
                num_events INTEGER,
                num_mentions INTEGER,
                num_articles INTEGER,
                num_sources INTEGER
            )""",
        ],
    )
)

MIGRATIONS.append(
    (
        4,
        [
            # The JSON contract's place_basis (clause | article | dateline): where the event's place
            # was read. Rows stored before it take it from location_basis.
            "ALTER TABLE events ADD COLUMN IF NOT EXISTS place_basis VARCHAR",
            """UPDATE events SET place_basis = CASE location_basis WHEN 'text' THEN 'clause'
                   WHEN 'dateline' THEN 'dateline' WHEN 'article' THEN 'article' END""",
        ],
    )
)

#: Migrations after which `Store.migrate` must relink every stored event into happenings.
RELINK_AFTER = {3}

LATEST = MIGRATIONS[-1][0]
