"""What a newcomer tripped over (issue 17, section 2): the checks run on every page in Chromium at 1366 px and 390 px.
They run inside the one tour of every page for every role (tests/e2e/test_accessibility.py) that also runs axe-core:
one pass over the pages instead of two keeps the CI under its time limit. Each page is checked for the first role of
:data:`ORDER` that may open it (the widest view: the regional manager sees every municipality), the work queue for
every role.

On every page:

* **Tables whole** — every HTML table (and anything in the main area) fits: its scroll width is not larger than its
  visible width, no cell is cut; every Streamlit data grid (canvas) shows all its rows and columns (its scroller's
  scroll size equals its client size) and no cell text wider than its column (the column borders are read from the
  header row's pixels, the texts from the grid's accessible table, measured in the grid's font); metric values are
  not cut with "…"; a chart is not wider than its box.
* **Dutch everywhere** — the visible text (placeholders included) holds no English widget text of Streamlit's and
  no ISO date; file sizes are written the Dutch way.
* **Phone layout** — at 390 px the page title starts near the top (no ~150 px of empty space above it), and on the
  mayor's phone the first thing under the title is what waits for him to sign.

Screenshots of every page at both widths go to tests/e2e/screenshots/layout-<role>-<page>-<width>.png.
"""
from __future__ import annotations

from procedure.domain.roles import Page, Role, pages_for
from tests.e2e.conftest import PHONE
from tests.e2e.test_main_path import settle

#: roles in the order they are tried; each page is checked for the first of them that may open it, and the work
#: queue (whose content differs most per role) for every role
ORDER = [Role.MANAGER, Role.BEHEERDER, Role.HOVJ, Role.BURGEMEESTER, Role.GEMEENTE, Role.BELEIDSADVISEUR,
         Role.POLITIE, Role.CASEMANAGER, Role.VEILIG_THUIS, Role.PROCESMANAGER, Role.LOCO_BURGEMEESTER]
#: at most this many px from the top of the window to the top of the page title at 390 px (Streamlit's header bar is
#: 60 px; it left about 150 px of white above every title)
TITLE_TOP_MAX_PHONE = 90

CUT = r"""() => {
  const out = [];
  const main = document.querySelector('[data-testid="stMain"]');
  const vis = e => e.checkVisibility({visibilityProperty: true, opacityProperty: false});
  const short = t => (t || '').replace(/\s+/g, ' ').trim().slice(0, 60);
  // the page itself never scrolls sideways
  if (document.documentElement.scrollWidth > window.innerWidth + 1)
    out.push('page scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + window.innerWidth);
  const box = main.getBoundingClientRect();
  // HTML tables (ours, st.table, Markdown tables)
  main.querySelectorAll('table').forEach((t, i) => {
    if (!vis(t) || t.closest('[data-testid="stDataFrame"]')) return;
    const name = 'table ' + (i + 1) + ' "' + short(t.querySelector('th, td') && t.querySelector('th, td').innerText) + '"';
    let p = t.parentElement;
    while (p && p !== main) {
      if (p.scrollWidth > p.clientWidth + 1 && getComputedStyle(p).overflowX !== 'visible')
        out.push(name + ': scrolls sideways (' + p.scrollWidth + ' > ' + p.clientWidth + ')');
      p = p.parentElement;
    }
    const r = t.getBoundingClientRect();
    if (r.right > box.right + 1 || r.left < box.left - 1) out.push(name + ': wider than the page');
    t.querySelectorAll('th, td').forEach(c => {
      if (vis(c) && c.scrollWidth > c.clientWidth + 1) out.push(name + ': cell cut "' + short(c.innerText) + '"');
    });
  });
  // Streamlit's data grids (canvas): rows and columns hidden behind a scroll bar, cells cut with "…"
  main.querySelectorAll('[data-testid="stDataFrame"]').forEach((g, i) => {
    if (!vis(g)) return;
    const sc = g.querySelector('.dvn-scroller'), canvas = g.querySelector('canvas[data-testid="data-grid-canvas"]');
    const heads = Array.from(g.querySelectorAll('th[role="columnheader"]')).map(h => h.innerText.trim());
    const name = 'grid ' + (i + 1) + ' (' + heads.slice(0, 3).join(', ') + ')';
    if (!sc || !canvas) { out.push(name + ': not drawn'); return; }
    if (sc.scrollWidth > sc.clientWidth + 1) out.push(name + ': columns hidden (' + sc.scrollWidth + ' > ' + sc.clientWidth + ')');
    if (sc.scrollHeight > sc.clientHeight + 1) out.push(name + ': rows hidden (' + sc.scrollHeight + ' > ' + sc.clientHeight + ')');
    const rows = parseInt(g.querySelector('table[role="grid"]').getAttribute('aria-rowcount'), 10) - 1;
    const shownRows = g.querySelectorAll('table[role="grid"] tbody tr').length;
    if (shownRows < rows) out.push(name + ': ' + shownRows + ' of ' + rows + ' rows drawn');
    // column borders: the vertical lines in the top pixel row of the header (the header holds no text there)
    const ctx = canvas.getContext('2d'), ratio = canvas.width / canvas.clientWidth;
    const px = ctx.getImageData(0, Math.round(2 * ratio), canvas.width, 1).data;
    const bg = [px[Math.round(canvas.width / 2) * 4], px[Math.round(canvas.width / 2) * 4 + 1], px[Math.round(canvas.width / 2) * 4 + 2]];
    const edges = [];
    for (let x = 0; x < canvas.width; x++) {
      const d = Math.abs(px[x * 4] - bg[0]) + Math.abs(px[x * 4 + 1] - bg[1]) + Math.abs(px[x * 4 + 2] - bg[2]);
      if (d > 12 && (!edges.length || x - edges[edges.length - 1] > 3)) edges.push(x);
    }
    const bounds = [0, ...edges.map(x => x / ratio)];
    if (canvas.clientWidth - bounds[bounds.length - 1] > 3) bounds.push(canvas.clientWidth);   // no line at the right end
    const widths = bounds.slice(1).map((x, k) => x - bounds[k]);
    const cols = widths.slice(-heads.length);     // a leading selection column has no header text
    const m = document.createElement('canvas').getContext('2d');
    const font = getComputedStyle(g.querySelector('.stDataFrameGlideDataEditor')).getPropertyValue('--gdg-font-family');
    m.font = '400 14px ' + (font || 'sans-serif');
    const texts = heads.map((h, k) => [h, ...Array.from(g.querySelectorAll('table[role="grid"] tbody tr'))
                                            .map(r => (r.children[k] || {}).innerText || '')]);
    texts.forEach((col, k) => {
      const need = Math.max(...col.map(t => m.measureText(t.trim()).width)) + 16;
      if (cols[k] !== undefined && need > cols[k] + 1)
        out.push(name + ': column "' + heads[k] + '" cuts its text (' + Math.round(need) + ' px needed, ' + Math.round(cols[k]) + ' px wide)');
    });
  });
  // metric values are cut with "…" by Streamlit when they don't fit
  main.querySelectorAll('[data-testid="stMetricValue"] div, [data-testid="stMetricLabel"] p').forEach(v => {
    if (vis(v) && v.scrollWidth > v.clientWidth + 1) out.push('metric cut: "' + short(v.innerText) + '"');
  });
  // charts inside their box; their legends inside the chart, no legend or axis label cut with "…"
  main.querySelectorAll('.vega-embed').forEach((c, i) => {
    const inner = c.querySelector('svg, canvas');
    if (!vis(c) || !inner) return;
    const r = inner.getBoundingClientRect();
    if (r.width > c.parentElement.getBoundingClientRect().width + 1)
      out.push('chart ' + (i + 1) + ' wider than its box (' + Math.round(r.width) + ' > ' + Math.round(c.parentElement.getBoundingClientRect().width) + ')');
    inner.querySelectorAll('.role-legend').forEach(g => {
      const b = g.getBoundingClientRect();
      if (b.width && (b.right > r.right + 2 || b.left < r.left - 2))
        out.push('chart ' + (i + 1) + ': legend runs off the chart (' + Math.round(b.left) + '-' + Math.round(b.right) + ' outside ' + Math.round(r.left) + '-' + Math.round(r.right) + ')');
    });
    inner.querySelectorAll('.role-legend text, .role-axis-label text').forEach(t => {
      if (t.textContent.endsWith('…')) out.push('chart ' + (i + 1) + ': label cut "' + short(t.textContent) + '"');
    });
  });
  return out;
}"""

DUTCH = r"""() => {
  const ENGLISH = ['Drag and drop', 'bytes', 'Browse files', 'Limit 200', 'per file', 'Page not found', 'Choose an option',
                   'Choose options', 'Choose date', 'Press Enter', 'No results', 'yyyy', 'Show password',
                   'Running...', 'Loading...', 'Skip to main content', 'Download as CSV', 'Search'];
  const out = [];
  const shown = document.body.innerText + ' ' + Array.from(document.querySelectorAll('input[placeholder], textarea[placeholder]'))
    .filter(i => i.checkVisibility()).map(i => i.placeholder).join(' ');
  for (const w of ENGLISH) if (shown.includes(w)) out.push('English text: ' + w);
  document.querySelectorAll('[data-testid="stFileUploader"]').forEach(u => {
    const t = u.innerText.match(/\bUpload\b|\bBrowse files\b|\bper file\b|\bDrag and drop\b/);
    if (t) out.push('English text in a file uploader: ' + t[0]);
  });
  const iso = shown.match(/\b(19|20)\d\d-[01]\d-[0-3]\d\b/);
  if (iso) out.push('ISO date: ' + iso[0]);
  const size = shown.match(/\b\d+\.\d+\s?[KMG]B\b/);
  if (size) out.push('file size not Dutch: ' + size[0]);
  return out;
}"""

TITLE_TOP = """() => { const h = document.querySelector('[data-testid="stMain"] h1'); return h ? h.getBoundingClientRect().top : null; }"""


def layout_role(p: Page) -> Role:
    """The role whose view of page ``p`` is checked: the first of :data:`ORDER` that may open it."""
    return next(r for r in ORDER if p in pages_for(r))


def check_page(page, where: str, width: int, problems: list[str], shots) -> None:
    """Tables whole, Dutch text, the phone title (see the module docstring) on the page on screen, every tab of it
    included; a full-page screenshot to ``shots/layout-<where>-<width>.png``. Appends what is wrong to
    ``problems``."""
    page.wait_for_timeout(600)      # grids and charts draw just after the rerun
    page.screenshot(path=str(shots / f"layout-{where.replace(' ', '-')}-{width}.png"), full_page=True)
    problems += [f"{where} {width}px: {p}" for p in page.evaluate(CUT)]
    problems += [f"{where} {width}px: {p}" for p in page.evaluate(DUTCH)]
    # every tab of the page (Kosten, Verkenner, Tarieven, Gebruikers): a table in a tab not shown is not measured
    tabs = page.locator('[data-testid="stMain"] [role="tab"]')
    for k in range(1, tabs.count()):
        tab = tabs.nth(k)
        name = tab.inner_text().strip()
        tab.click()
        page.wait_for_timeout(700)
        problems += [f"{where} tab '{name}' {width}px: {p}" for p in page.evaluate(CUT)]
    if width == PHONE["width"]:
        top = page.evaluate(TITLE_TOP)
        if top is None or top > TITLE_TOP_MAX_PHONE:
            problems.append(f"{where} {width}px: title starts {top} px from the top (at most {TITLE_TOP_MAX_PHONE})")


def check_mayor_phone(page, height: int, problems: list[str]) -> None:
    """What waits for the mayor is the first thing on his phone, above the fold (the work queue at 390 px)."""
    first = page.get_by_role("button", name="Open HV-").first
    top = first.bounding_box()["y"] if first.is_visible() else None
    if top is None or top > height * 0.5:
        problems.append(f"burgemeester 390px: the first task to sign starts at {top} px")


def check_unknown_address(page, url: str, width: int, problems: list[str]) -> None:
    """A mistyped address: Streamlit's own "page not found" notice, in Dutch."""
    page.goto(url + "/bestaat-niet")
    page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=60_000)
    settle(page)
    page.wait_for_timeout(500)
    problems += [f"unknown address {width}px: {p}" for p in page.evaluate(DUTCH)]
