"""Event place and date on a realnews split with each article coded whole, not sentence by sentence.

`dotterel eval tests/gold/realnews/dev.jsonl` codes each gold sentence alone, so an event's place
or date stated elsewhere in its article (the lead, the dateline, an earlier sentence on the same
incident) cannot be found. This script reads the gold's articles from the corpus folder, codes
each one whole, pairs the events whose trigger lies in a gold sentence with that sentence's gold
events, and prints place and date accuracy of the paired events, by the basis the coder gave.

    python bench/realnews_articles.py [GOLD_JSONL] [CORPUS_DIR] [--rows OUT.jsonl]

Use the dev split only: the test split is for reporting.
"""
import sys, collections, json
from pathlib import Path
from dotterel.evaluate.gold import read_gold
from dotterel.evaluate.realnews import CORPORA, _articles
from dotterel.evaluate.predict import event_of
from dotterel.evaluate.scoring import align
from dotterel.evaluate.fullevent import date_matches, _norm
from dotterel.pipeline import Pipeline
from dotterel.clean import Cleaner


args = [a for a in sys.argv[1:] if not a.startswith("--")]
out_rows = sys.argv[sys.argv.index("--rows") + 1] if "--rows" in sys.argv else None
if out_rows in args:
    args.remove(out_rows)
gold = read_gold(args[0] if args else 'tests/gold/realnews/dev.jsonl')
by_article = collections.defaultdict(list)
for it in gold.items:
    if it.events:
        by_article[it.article_id].append(it)
root = Path(args[1] if len(args) > 1 else '../shared/data/corpus')
arts = {}
for name, rel, n in CORPORA:
    for a in _articles(root / rel):
        if a.article_id in by_article:
            arts[a.article_id] = a
print("articles with gold events", len(by_article), "found", len(arts), file=sys.stderr)
pipe = Pipeline()
rows = []
for aid, items in by_article.items():
    art = arts.get(aid)
    if art is None:
        continue
    art = Cleaner()(art)
    (an,) = pipe.analyse([art])
    text = an.article.text
    for it in items:
        s = text.find(it.text)
        if s < 0:
            s = text.find(it.text[:60])
        e = s + len(it.text)
        evs = [ev for ev in an.events if s >= 0 and s <= ev.trigger_start < e]
        preds = [event_of(ev, an) for ev in evs]
        for g, p in align(it.events, preds):
            if g is None or p is None:
                continue
            rows.append((it, g, evs[preds.index(p)]))
def pl_ok(g, ev):
    place = ev.location
    return place is not None and ((g.place.geonameid is not None and place.geonameid == g.place.geonameid) or _norm(place.name) == _norm(g.place.name))
P = [(it, g, ev) for it, g, ev in rows if g.place is not None]
D = [(it, g, ev) for it, g, ev in rows if g.date is not None]
n_ok = sum(pl_ok(g, ev) for _, g, ev in P); c_ok = sum(ev.location is not None and ev.location.country == g.place.country for _, g, ev in P)
print(f"paired {len(rows)}; place n={len(P)} name_or_id={n_ok/max(1,len(P)):.3f} country={c_ok/max(1,len(P)):.3f}")
bb = collections.Counter(); bo = collections.Counter()
for _, g, ev in P:
    b = ev.location.basis if ev.location else 'none'; bb[b] += 1; bo[b] += pl_ok(g, ev)
print(" place by basis", {b: f"{bo[b]}/{bb[b]}" for b in bb})
d_ok = sum(date_matches(g.date, g.date_precision, ev.date.date if ev.date else None) for _, g, ev in D)
print(f"date n={len(D)} exact={d_ok/max(1,len(D)):.3f}")
bb = collections.Counter(); bo = collections.Counter()
for _, g, ev in D:
    b = ev.date.basis if ev.date else 'none'; bb[b] += 1; bo[b] += date_matches(g.date, g.date_precision, ev.date.date if ev.date else None)
print(" date by basis", {b: f"{bo[b]}/{bb[b]}" for b in bb})
hist_gold = sum(1 for _, g, ev in rows if g.modality == 'historical')
print(" historical gold", hist_gold, "flagged", sum(1 for _, g, ev in rows if g.modality == 'historical' and ev.modality.historical),
      "false flags", sum(1 for _, g, ev in rows if g.modality != 'historical' and ev.modality.historical))
if out_rows:
    with open(out_rows, 'w') as fh:
        for it, g, ev in rows:
            fh.write(json.dumps({"id": it.item_id, "pub": str(it.published), "type": g.plover_type,
              "gold_place": g.place and [g.place.name, g.place.geonameid, g.place.country],
              "pred_place": ev.location and [ev.location.name, ev.location.geonameid, ev.location.country, ev.location.basis],
              "gold_date": str(g.date) if g.date else None, "prec": g.date_precision, "gmod": g.modality,
              "pred_date": ev.date and [str(ev.date.date), ev.date.basis, ev.date.expression], "hist": ev.modality.historical,
              "trigger": ev.trigger, "text": it.text[:220]}) + "\n")
