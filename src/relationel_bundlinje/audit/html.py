"""The audit as one self-contained HTML page: charts as inline SVG, a table a small inline script
makes sortable (and that reads in rank order without it), Danish throughout.

Nothing is loaded from anywhere: no external script, style, font or image, and a Content Security
Policy that forbids any fetch, so the page opens the same offline, from a mail or a file share.
"""

from __future__ import annotations

import re
from html import escape

from ..dimensions import DIMENSION_LABELS
from .areas import AREA_LABELS
from .rank import Audit
from .wording import (
    DIRECTION_WORDS,
    GROUP_TOP,
    METHOD,
    TITLE,
    decimal,
    dimension_words,
    lead_text,
    refs_text,
    versions_text,
)

#: Acts shown in the chart of acts with most restrictive provisions.
CHART_ACTS = 15

#: Bar colour (contrast 8.6:1 against white) and text colour.
BAR = "#1f4e79"
INK = "#1a1a1a"

CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"

STYLE = f"""
body {{ font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: {INK}; background: #fff; margin: 0; }}
main {{ max-width: 75rem; margin: 0 auto; padding: 1.5rem; }}
h1 {{ font-size: 1.8rem; margin: 0 0 .5rem; }}
h2 {{ font-size: 1.35rem; margin: 2rem 0 .5rem; border-bottom: 2px solid {BAR}; padding-bottom: .2rem; }}
h3 {{ font-size: 1.1rem; margin: 1.2rem 0 .3rem; }}
.lead {{ font-size: 1.1rem; }}
.charts {{ display: grid; grid-template-columns: repeat(auto-fit, minmax(44rem, 1fr)); gap: 1.5rem; }}
figure {{ margin: 0; max-width: 56rem; }}
figcaption {{ font-weight: 600; margin-bottom: .3rem; }}
svg {{ max-width: 100%; height: auto; }}
svg text {{ font: 13px system-ui, -apple-system, "Segoe UI", sans-serif; fill: {INK}; }}
table {{ border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .95rem; }}
caption {{ text-align: left; font-weight: 600; padding: .3rem 0; }}
th, td {{ border: 1px solid #b0b7bf; padding: .3rem .5rem; text-align: left; vertical-align: top; }}
thead th {{ background: #e8eef4; }}
tbody tr:nth-child(even) {{ background: #f5f7f9; }}
.wide {{ overflow-x: auto; }}
#rangering td:last-child {{ min-width: 16rem; }}
td.num, th.num {{ text-align: right; white-space: nowrap; }}
th button {{ font: inherit; font-weight: 700; color: inherit; background: none; border: 0; padding: 0; cursor: pointer; text-align: inherit; }}
th button:focus-visible {{ outline: 3px solid {BAR}; outline-offset: 2px; }}
th[aria-sort=ascending] button::after {{ content: " ▲"; }}
th[aria-sort=descending] button::after {{ content: " ▼"; }}
details {{ margin: .4rem 0; }}
summary {{ cursor: pointer; font-weight: 600; }}
.note {{ color: #444; font-size: .9rem; }}
@media print {{ .charts {{ display: block; }} details {{ display: block; }} }}
"""

#: Turns the headers of ``table.sortable`` into buttons that sort its rows (numbers by ``data-v``).
SCRIPT = """
(function () {
  var tables = document.querySelectorAll("table.sortable");
  Array.prototype.forEach.call(tables, function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = th.textContent;
      button.title = "Sortér efter " + th.textContent.toLowerCase();
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var numeric = th.getAttribute("data-type") === "num";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[col].getAttribute("data-v") || a.cells[col].textContent;
          var y = b.cells[col].getAttribute("data-v") || b.cells[col].textContent;
          var c = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y, "da");
          return ascending ? c : -c;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
})();
"""


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_FORM = re.compile(r"^(?:Bekendtgørelse af|Lovbekendtgørelse om)\s+", re.IGNORECASE)
_NICKNAME = re.compile(r"\(([^()]{3,60})\)\s*$")


def short_title(title: str, limit: int = 38) -> str:
    """A chart label for an act: without »Bekendtgørelse af«, and for a long title its short name
    in brackets where it has one (»Lov om ændring af straffeloven, … (Seksualforbrydelser)«)."""
    text = _FORM.sub("", title).strip()
    text = text[:1].upper() + text[1:]
    if len(text) > limit:
        nickname = _NICKNAME.search(text)
        if nickname:
            text = nickname.group(1)
            text = text[:1].upper() + text[1:]
    return _short(text, limit)


def bar_chart(chart_id: str, title: str, description: str, items: list[tuple[str, int, str]], *,
              label_width: int = 250) -> str:
    """A horizontal bar chart as inline SVG: (label, value, full label for the tooltip) per bar,
    each bar with its number, so the chart reads without a scale."""
    row, bar_h, width = 26, 18, 720
    left, right = label_width, 60
    height = max(1, len(items)) * row + 10
    top = max((v for _, v, _ in items), default=0) or 1
    span = width - left - right
    parts = [
        f'<svg id="{chart_id}" class="chart" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(description)}</desc>',
    ]
    for i, (label, value, full) in enumerate(items):
        y = 5 + i * row
        w = round(span * value / top, 1)
        parts.append(
            f'<g><title>{escape(full)}: {value}</title>'
            f'<text x="{left - 8}" y="{y + bar_h - 4}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{left}" y="{y}" width="{w}" height="{bar_h}" fill="{BAR}"></rect>'
            f'<text x="{left + w + 6}" y="{y + bar_h - 4}">{value}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _charts(audit: Audit) -> str:
    dims = [(_short(DIMENSION_LABELS[c.dimension], 40), c.restrictive, DIMENSION_LABELS[c.dimension]) for c in audit.dimensions]
    acts = [(short_title(a.title), a.restrictive, a.title) for a in audit.by_act[:CHART_ACTS]]
    areas = [(_short(AREA_LABELS[a.area], 34), a.restrictive, AREA_LABELS[a.area]) for a in audit.areas]
    dim_desc = "; ".join(f"{full}: {v}" for _, v, full in dims)
    act_desc = "; ".join(f"{full}: {v}" for _, v, full in acts) or "Ingen love har begrænsende bestemmelser."
    area_desc = "; ".join(f"{full}: {v}" for _, v, full in areas)
    figures = [
        ("chart-dimensioner", "Begrænsende bestemmelser pr. dimension", dim_desc, dims),
        ("chart-love", f"De {min(CHART_ACTS, len(acts))} love med flest begrænsende bestemmelser", act_desc, acts),
        ("chart-omraader", "Begrænsende bestemmelser pr. ministerområde", area_desc, areas),
    ]
    out = ['<section aria-labelledby="h-overblik"><h2 id="h-overblik">Overblik</h2><div class="charts">']
    for chart_id, title, desc, items in figures:
        body = bar_chart(chart_id, title, desc, items, label_width=290) if items else "<p>Ingen.</p>"
        out.append(f"<figure><figcaption>{escape(title)}</figcaption>{body}</figure>")
    out.append("</div></section>")
    return "".join(out)


def _table(caption: str, header: list[tuple[str, str]], rows: list[list[tuple[str, str | None]]], *,
           sortable: bool = False, table_id: str = "") -> str:
    """A table with a caption and column headers; ``header`` is (text, "num"|""), each cell
    (text, sort value or None). Numeric columns are right-aligned and sort by value."""
    attrs = (f' id="{table_id}"' if table_id else "") + (' class="sortable"' if sortable else "")
    out = [f"<table{attrs}><caption>{escape(caption)}</caption><thead><tr>"]
    for text, kind in header:
        cls = ' class="num" data-type="num"' if kind == "num" else ""
        out.append(f'<th scope="col"{cls}>{escape(text)}</th>')
    out.append("</tr></thead><tbody>")
    numeric = [kind == "num" for _, kind in header]
    for row in rows:
        out.append("<tr>")
        for (text, value), num in zip(row, numeric, strict=True):
            attrs = (' class="num"' if num else "") + (f' data-v="{escape(value)}"' if value is not None else "")
            out.append(f"<td{attrs}>{escape(text)}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _ranking(audit: Audit) -> str:
    header = [("Nr.", "num"), ("Score", "num"), ("Dimensioner", ""), ("Lov", ""), ("Bestemmelse", ""),
              ("Retning", ""), ("Sikkerhed", ""), ("Bestemmelsens begyndelse", "")]
    rows = [
        [(str(i), str(i)), (decimal(r.score), f"{r.score:.4f}"), (dimension_words(r.dimensions), None), (r.title, None),
         (r.ref, None), (DIRECTION_WORDS.get(r.direction, r.direction), None), (r.certainty, None), (r.text, None)]
        for i, r in enumerate(audit.ranked, start=1)
    ]
    out = ['<section aria-labelledby="h-rangering"><h2 id="h-rangering">Rangering af de begrænsende bestemmelser</h2>']
    if rows:
        out.append("<p>Klik på en kolonneoverskrift for at sortere tabellen. Uden script står bestemmelserne i "
                   "rangorden.</p>")
        out.append('<div class="wide">')
        out.append(_table(f"Alle {len(rows)} begrænsende bestemmelser, højeste score først", header, rows,
                          sortable=True, table_id="rangering"))
        out.append("</div>")
    else:
        out.append("<p>Ingen bestemmelser vurderes at begrænse muligheden for at danne og bevare relationer.</p>")
    out.append("</section>")
    return "".join(out)


def _counts(audit: Audit) -> str:
    dims = _table(
        "Bestemmelser pr. dimension",
        [("Dimension", ""), ("Begrænsende bestemmelser", "num"), ("Love", "num"), ("Relevante bestemmelser i alt", "num")],
        [[(DIMENSION_LABELS[c.dimension], None), (str(c.restrictive), str(c.restrictive)), (str(c.acts), str(c.acts)),
          (str(c.supporting), str(c.supporting))] for c in audit.dimensions],
        sortable=True,
    )
    areas = _table(
        "Bestemmelser pr. ministerområde (udledt af lovenes titler og kun vejledende)",
        [("Ministerområde", ""), ("Love", "num"), ("Love med begrænsende bestemmelser", "num"),
         ("Begrænsende bestemmelser", "num")],
        [[(AREA_LABELS[a.area], None), (str(a.acts), str(a.acts)), (str(a.acts_restrictive), str(a.acts_restrictive)),
          (str(a.restrictive), str(a.restrictive))] for a in audit.areas],
        sortable=True,
    )
    return f'<section aria-labelledby="h-optaelling"><h2 id="h-optaelling">Optælling</h2>{dims}{areas}</section>'


def _groups(audit: Audit) -> str:
    out = ['<section aria-labelledby="h-dimension"><h2 id="h-dimension">Efter dimension</h2>']
    for c in audit.dimensions:
        rows = audit.rows_of(c.dimension)
        if not rows:
            continue
        out.append(f"<details><summary>{escape(DIMENSION_LABELS[c.dimension])} ({c.restrictive})</summary><ol>")
        for r in rows[:GROUP_TOP]:
            out.append(f"<li><strong>{escape(r.title)}, {escape(r.ref)}</strong> – {escape(r.text)}</li>")
        out.append("</ol>")
        if len(rows) > GROUP_TOP:
            out.append(f'<p class="note">De {GROUP_TOP} højest rangerede af {len(rows)}.</p>')
        out.append("</details>")
    out.append("</section>")
    acts = _table(
        "Love med begrænsende bestemmelser, flest først",
        [("Lov", ""), ("Ministerområde", ""), ("Begrænsende bestemmelser", "num"), ("Højeste score", "num"),
         ("Bestemmelser", "")],
        [[(a.title, None), (AREA_LABELS[a.area], None), (str(a.restrictive), str(a.restrictive)),
          (decimal(a.top_score), f"{a.top_score:.4f}"), (refs_text(a.refs), None)] for a in audit.by_act],
        sortable=True,
    )
    out.append(f'<section aria-labelledby="h-lov"><h2 id="h-lov">Efter lov</h2>{acts}</section>')
    return "".join(out)


def _refused(audit: Audit) -> str:
    if not audit.refused:
        return ""
    items = "".join(f"<li><strong>{escape(d)}</strong>: {escape(r)}</li>" for d, r in audit.refused)
    return (f'<section aria-labelledby="h-afvist"><h2 id="h-afvist">Dokumenter, der ikke kunne screenes</h2>'
            f"<ul>{items}</ul></section>")


def to_html(audit: Audit) -> bytes:
    page = (
        "<!DOCTYPE html>\n"
        '<html lang="da">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(TITLE)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
        f"<h1>{escape(TITLE)}</h1>\n"
        f'<p class="lead">{escape(lead_text(audit))}</p>\n<p>{escape(METHOD)}</p>\n'
        f"{_charts(audit)}\n{_ranking(audit)}\n{_counts(audit)}\n{_groups(audit)}\n{_refused(audit)}\n"
        f'<p class="note">{escape(versions_text(audit))}</p>\n'
        f"</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )
    return page.encode("utf-8")
