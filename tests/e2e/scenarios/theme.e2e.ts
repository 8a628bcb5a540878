/**
 * The look of the extension pages, on a small library of realistic clips (tags, favourites, a
 * note, read and archived ones): in light and in dark mode (`prefers-color-scheme`, emulated in
 * Chromium), every visible text on the popup, the side panel's list, its search results, the
 * reader and the options page has WCAG AA contrast against what is behind it (4.5:1, 3:1 for
 * large text), so nothing the one set of design tokens (extension/ui/theme.css) paints is
 * unreadable.
 *
 * With `COMMONPLACE_SCREENSHOTS=1` (`npm run screenshots`) it also writes the README's
 * screenshots of the side panel to docs/screenshots: the list with its filters and counts, the
 * list as cards, search results, the reader, and the same in dark mode.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../harness/build-output';
import { browsersUnderTest, type ExtensionDriver } from '../harness/driver';
import { scenePng } from '../harness/image-fixtures';
import { poll } from '../harness/poll';
import { chooseState, must, openPopupFor, selectForHighlight, useWorld, type World } from '../harness/steps';

const SHOTS = process.env.COMMONPLACE_SCREENSHOTS === '1' ? join(REPO_ROOT, 'docs', 'screenshots') : undefined;

interface Sample {
  readonly title: string;
  readonly site: string;
  readonly byline: string;
  readonly excerpt: string;
  readonly tags?: string[];
  readonly favorite?: boolean;
  readonly read?: boolean;
  readonly archived?: boolean;
  readonly note?: string;
  /** How far it was read (0-100): started clips show a bar on their row and are in the Reading list. */
  readonly progress?: number;
}

/** The library, newest first (invented articles; the sites are made up). */
const SAMPLES: Sample[] = [
  { title: 'The Quiet Return of the Night Train', site: 'Rail Quarterly', byline: 'Mara Ellison', excerpt: 'Sleeper services are back on a dozen European routes. What changed, who rides them, and why the sums finally work.', tags: ['travel', 'long-read'], favorite: true, progress: 45 },
  { title: 'A Beginner’s Guide to Reading Tide Tables', site: 'Coastal Notes', byline: 'Iain Rowe', excerpt: 'High water, low water, springs and neaps: the four numbers that tell you when the causeway is safe to cross.', tags: ['sea', 'how-to'] },
  { title: 'What Medieval Scribes Did When They Made a Mistake', site: 'Manuscript Studies', byline: 'Dr. Helen Carver', excerpt: 'Scraping, dotting, crossing out and the occasional marginal apology: a short history of the medieval erasure.', tags: ['history'], note: 'Quote the part on erasures in the talk.', progress: 80 },
  { title: 'The Case for Boring Technology, Ten Years On', site: 'engineering.example.org', byline: 'Sam Okafor', excerpt: 'Choosing well-understood tools left us more time for the problems that were actually ours. Here is what held up.', tags: ['software', 'long-read'], favorite: true, read: true },
  { title: 'Mapping Every Lighthouse on the North Sea', site: 'Harbour Lights', byline: 'Anna Brekke', excerpt: 'Two hundred and twelve lights, four countries, one very long spreadsheet, and the keepers who still remember them.', tags: ['sea', 'maps', 'history', 'photography'] },
  { title: 'How Bees Decide Where to Live', site: 'Field Biology Today', byline: 'Tomás Ibarra', excerpt: 'Scouts dance, the swarm votes, and the decision is usually right: democracy in a cloud of ten thousand insects.', tags: ['science', 'nature'], read: true },
  { title: 'Notes on Keeping a Commonplace Book', site: 'Paper & Ink', byline: 'Ruth Adeyemi', excerpt: 'Locke had an index system for his. Yours can be simpler: copy what struck you, say why, and read it again in a year.', tags: ['reading', 'writing'], favorite: true },
  { title: 'Restoring a Clock From the Sound of Its Ticking', site: 'Workshop Diaries', byline: 'Olek Marsh', excerpt: 'The escapement was missing, but a recording from 1962 was not. Rebuilding a movement by ear, one beat at a time.', tags: ['craft'] },
  { title: 'Why Sourdough Starters Smell of Nail Varnish', site: 'The Estuary Review', byline: 'P. Lindqvist', excerpt: 'Ethyl acetate, hungry yeast and what a sharp smell says about when you last fed your starter.', tags: ['cooking', 'science'], read: true },
  { title: 'The Economics of Small Ferries', site: 'Islands Review', byline: 'Cal Mackinnon', excerpt: 'A boat, a crew of three and a timetable that has not changed since 1987: who pays for the lifeline to the islands.', tags: ['travel'], archived: true },
  { title: 'Learning Cyrillic in Thirty Days: What Worked', site: 'Slow Languages', byline: 'Jo Whitcombe', excerpt: 'Flashcards failed. Street signs, menus and one children’s book did not. A month-long experiment, honestly reported.', tags: ['languages'] },
];

/** Saves the samples (oldest first, so the list shows them in order) and the fixture article, organised as described. */
async function library({ driver, site }: World): Promise<string> {
  const page = await driver.openPage(site.url('/article.html'));
  const tide = (await must(driver, 'savePage', { tabId: await driver.tabIdOf(page) })).clip.id;
  await page.close();
  await must(driver, 'setTags', { clipId: tide, tags: ['history', 'sea', 'long-read'] });
  await must(driver, 'setClipNote', { clipId: tide, note: 'The miller’s ledger: compare with the 1820 survey.' });
  for (const [i, s] of [...SAMPLES].reverse().entries()) {
    const html = `<article><p>${s.excerpt}</p></article>`;
    const saved = await must(driver, 'saveExtracted', {
      pageUrl: `https://${s.site.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}.example/articles/${i}`,
      canonicalUrl: null,
      title: s.title,
      byline: s.byline,
      siteName: s.site,
      lang: 'en',
      dir: 'ltr',
      publishedTime: null,
      excerpt: s.excerpt,
      kind: 'page',
      extractor: 'readability',
      html,
      text: s.excerpt,
    });
    const clipId = saved.clip.id;
    await must(driver, 'setTags', { clipId, tags: s.tags ?? [] });
    await must(driver, 'setFavorite', { clipId, favorite: !!s.favorite });
    await must(driver, 'setArchived', { clipId, archived: !!s.archived });
    await must(driver, 'markRead', { clipId, read: !!s.read });
    await must(driver, 'setClipNote', { clipId, note: s.note ?? '' });
    if (s.progress !== undefined) await must(driver, 'setReadingProgress', { clipId, offset: Math.round((s.excerpt.length * s.progress) / 100), percent: s.progress });
  }
  return tide;
}

/** Visible texts whose contrast with what is behind them is under WCAG AA (4.5:1; 3:1 for large text). */
function lowContrast(page: Page): Promise<Array<{ text: string; where: string; ratio: number; need: number }>> {
  return page.evaluate(() => {
    type Rgba = { r: number; g: number; b: number; a: number };
    const parse = (c: string): Rgba | null => {
      const rgb = /rgba?\(([^)]+)\)/.exec(c);
      if (rgb) {
        const p = rgb[1]!.split(/[\s,/]+/).filter(Boolean).map(Number);
        return { r: p[0]!, g: p[1]!, b: p[2]!, a: p[3] ?? 1 };
      }
      const srgb = /color\(srgb ([^)]+)\)/.exec(c);
      if (srgb) {
        const p = srgb[1]!.split(/[\s/]+/).filter(Boolean).map(Number);
        return { r: p[0]! * 255, g: p[1]! * 255, b: p[2]! * 255, a: p[3] ?? 1 };
      }
      return null;
    };
    const over = (top: Rgba, base: Rgba): Rgba => ({ r: top.r * top.a + base.r * (1 - top.a), g: top.g * top.a + base.g * (1 - top.a), b: top.b * top.a + base.b * (1 - top.a), a: 1 });
    const lum = ({ r, g, b }: Rgba) => {
      const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    // Each element's style, its composited background and its effective opacity, computed once.
    const styles = new Map<Element, CSSStyleDeclaration>();
    const style = (e: Element) => styles.get(e) ?? (styles.set(e, getComputedStyle(e)), styles.get(e)!);
    const backgrounds = new Map<Element | null, Rgba>([[null, { r: 255, g: 255, b: 255, a: 1 }]]);
    const behind = (el: Element | null): Rgba => {
      if (backgrounds.has(el)) return backgrounds.get(el)!;
      const c = parse(style(el!).backgroundColor);
      const b = c && c.a >= 1 ? c : c && c.a > 0 ? over(c, behind(el!.parentElement)) : behind(el!.parentElement);
      backgrounds.set(el, b);
      return b;
    };
    const opacities = new Map<Element | null, number>([[null, 1]]);
    const opacity = (el: Element | null): number => {
      if (opacities.has(el)) return opacities.get(el)!;
      const o = Number(style(el!).opacity) * opacity(el!.parentElement);
      opacities.set(el, o);
      return o;
    };
    const out: Array<{ text: string; where: string; ratio: number; need: number }> = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || !n.textContent?.trim() || el.closest('option, select, script, style, button:disabled, .visually-hidden')) continue;
      const st = style(el);
      const box = el.getBoundingClientRect();
      if (st.visibility === 'hidden' || box.width === 0 || box.height === 0) continue;
      if (opacity(el) < 0.2) continue; // shown on hover only
      const fg = parse(st.color);
      if (!fg) continue;
      const bg = behind(el);
      const ink = over({ ...fg, a: fg.a * opacity(el) }, bg);
      const [hi, lo] = [lum(ink), lum(bg)].sort((x, y) => y - x) as [number, number];
      const ratio = (hi + 0.05) / (lo + 0.05);
      const size = parseFloat(st.fontSize);
      const need = size >= 24 || (size >= 18.66 && Number(st.fontWeight) >= 700) ? 3 : 4.5;
      if (ratio < need) out.push({ text: n.textContent.trim().slice(0, 40), where: `${el.tagName.toLowerCase()}.${String(el.className)}`, ratio: Math.round(ratio * 100) / 100, need });
    }
    return out;
  });
}

/** Sets the colour scheme the page sees. */
const scheme = (page: Page, value: 'light' | 'dark') => page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value }]);

/** Writes docs/screenshots/`file`, only when screenshots were asked for. */
async function shoot(driver: ExtensionDriver, page: Page, file: string): Promise<void> {
  if (SHOTS) await driver.screenshot(page, join(SHOTS, file));
}

/** The side panel on its list, at a side panel's size, with every row drawn and read. */
async function listPanel(driver: ExtensionDriver): Promise<Page> {
  const panel = await driver.openExtensionPage('sidepanel.html#clips');
  await panel.setViewport({ width: 420, height: 760 });
  // A search left in the box (kept for the next open) shows results instead of the list.
  await poll(() => panel.$('[data-testid=search-input]'), { message: 'the search box' });
  if (await panel.$eval('[data-testid=search-input]', (i) => (i as HTMLInputElement).value !== '')) {
    await panel.focus('[data-testid=search-input]');
    await panel.keyboard.press('Escape');
  }
  await poll(() => panel.$('[data-testid=clip-list][data-filter-state=all][data-filter-tag=""]'), { message: 'the list' }).catch(async () => {
    await chooseState(panel, 'all');
    if (await panel.$('[data-testid=filter-tag]')) await panel.select('[data-testid=filter-tag]', '');
    await poll(() => panel.$('[data-testid=clip-list][data-filter-state=all][data-filter-tag=""]'), { message: 'the list, unfiltered' });
  });
  await poll(async () => (await panel.$$('[data-testid=clip-item]')).length >= 8 && (await panel.$$eval('[data-testid=state-count]', (els) => els.every((e) => e.textContent !== ''))), { message: 'rows and counts' });
  await poll(() => panel.$('[data-testid=sidepanel-sync-status]:not([data-state=loading])'), { message: 'the sync state' });
  await panel.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  return panel;
}

for (const name of browsersUnderTest()) {
  // Chromium: puppeteer emulates the colour scheme there.
  if (name !== 'chromium') continue;
  describe(`${name}: light and dark, one set of tokens`, () => {
    const world = useWorld(name);

    it('every visible text is readable in light and in dark: popup, side panel list (also with rows marked), search results, reader, options', async () => {
      const w = world();
      const { driver, site } = w;
      const tide = await library(w);
      const tab = await driver.openPage(site.url('/article.html'));
      const popup = await openPopupFor(driver, tab);
      await poll(() => popup.$('[data-testid=tag-input]'), { message: 'the popup for a saved page' });
      await popup.setViewport({ width: 340, height: await popup.evaluate(() => Math.ceil(document.querySelector('.popup')?.getBoundingClientRect().bottom ?? 400)) });
      const panel = await listPanel(driver);
      const search = await driver.openExtensionPage('sidepanel.html#clips');
      // The panel renders after its first read (or 150 ms), which can come after the page's load event under load.
      await poll(() => search.$('[data-testid=search-input]'), { message: 'the side panel’s search box' });
      await search.type('[data-testid=search-input]', 'sea');
      await poll(() => search.$('[data-testid=search-hit] mark'), { timeout: 30_000, message: 'search results with marks' });
      const reader = await driver.openExtensionPage(`sidepanel.html#clip=${tide}`);
      await poll(() => reader.$('[data-testid=article] p'), { message: 'the reader' });
      const options = await driver.openExtensionPage('options.html');
      await poll(() => options.$('[data-testid=clip-count]'), { message: 'the options page with the library' });
      const pages = { popup, list: panel, search, reader, options };
      for (const value of ['light', 'dark'] as const) {
        for (const [where, page] of Object.entries(pages)) {
          await scheme(page, value);
          expect(await lowContrast(page), `${where} in ${value} mode`).toEqual([]);
        }
      }
      // The popup in dark for the README; the whole options page for a look (test-results/ is not kept).
      await shoot(driver, popup, 'popup-dark.png');
      // A clean clone has no test-results/ yet (it is not kept).
      mkdirSync(join(REPO_ROOT, 'test-results'), { recursive: true });
      // In front: a tab behind others draws no frame, and the popup's shot above brought the popup forward.
      await options.bringToFront();
      await options.screenshot({ path: join(REPO_ROOT, 'test-results', 'options-dark.png'), fullPage: true });
      expect(await panel.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(27, 26, 24)');
      // Two rows of the list marked by keys (the page is in the background, where a click waits for a frame), with the bar over it.
      await panel.focus('[data-testid=clip-list] li[data-index="1"]');
      await panel.keyboard.press('x');
      await panel.keyboard.down('Shift');
      await panel.keyboard.press('ArrowDown');
      await panel.keyboard.up('Shift');
      await poll(() => panel.$('[data-testid=bulk-tag-input]'), { message: 'the bar over two marked rows' });
      await panel.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      for (const value of ['light', 'dark'] as const) {
        await scheme(panel, value);
        expect(await lowContrast(panel), `the list with rows marked in ${value} mode`).toEqual([]);
      }
      await search.focus('[data-testid=search-input]');
      await search.keyboard.press('Escape');
      await Promise.all([tab.close(), ...Object.values(pages).map((p) => p.close())]);
    });

    it("the highlighter's toolbar on a page follows the same tokens: light, and dark with the system", async () => {
      const { driver, site } = world();
      const page = await driver.openPage(site.url('/article.html?via=theme'));
      await selectForHighlight(page, 'article p');
      const look = () =>
        page.evaluate(() => {
          const panel = document.querySelector('commonplace-highlighter')?.shadowRoot?.querySelector<HTMLElement>('[data-testid=highlight-toolbar]');
          if (!panel) return null;
          const st = getComputedStyle(panel);
          return { bg: st.backgroundColor, fg: st.color };
        });
      await scheme(page, 'light');
      expect(await look()).toEqual({ bg: 'rgb(251, 250, 247)', fg: 'rgb(31, 29, 26)' });
      await scheme(page, 'dark');
      expect(await look()).toEqual({ bg: 'rgb(27, 26, 24)', fg: 'rgb(236, 232, 225)' });
      await page.close();
    });

    it('the filter bar takes two rows: the states on one line, the tag menu and the order (and Filters) beside each other; a 320 px panel scrolls the states sideways', async () => {
      const w = world();
      await library(w);
      const panel = await listPanel(w.driver);
      const geometry = () =>
        panel.evaluate(() => {
          // Plain numbers: a DOMRect's fields are getters, which do not cross back to the test.
          const box = (el: Element | null) => {
            const r = el?.getBoundingClientRect();
            return r ? { top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height } : null;
          };
          const line = document.querySelector('.state-filters')!;
          const states = [...document.querySelectorAll('[data-testid=filter-state]')].map((b) => b.getBoundingClientRect());
          const chosen = box(document.querySelector('[data-testid=filter-state][aria-pressed=true]'))!;
          const l = line.getBoundingClientRect();
          return {
            stateTops: [...new Set(states.map((r) => Math.round(r.top)))],
            chosenInView: chosen.left >= l.left - 1 && chosen.right <= l.right + 1,
            bar: Math.round(box(document.querySelector('[data-testid=list-filters]'))!.height),
            tag: box(document.querySelector('[data-testid=filter-tag]')),
            sort: box(document.querySelector('[data-testid=search-sort]')),
            toggle: box(document.querySelector('[data-testid=search-filters-toggle]')),
            pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          };
        });
      const sameRow = (a: { top: number; bottom: number } | null, b: { top: number; bottom: number } | null) => !!a && !!b && a.top < b.bottom && b.top < a.bottom;
      await poll(() => panel.$('[data-testid=filter-tag]'), { message: 'the counts and the tag menu' });
      let g = await geometry();
      expect(g.stateTops).toHaveLength(1);
      expect(sameRow(g.tag, g.sort), JSON.stringify(g)).toBe(true);
      expect(g.bar).toBeLessThan(90);
      expect(g.pageOverflow).toBe(0);

      await panel.type('[data-testid=search-input]', 'sea');
      await poll(() => panel.$('[data-testid=search-filters-toggle]'), { timeout: 30_000, message: 'the search controls' });
      g = await geometry();
      expect(sameRow(g.tag, g.sort) && sameRow(g.sort, g.toggle)).toBe(true);
      await panel.keyboard.press('Escape');
      await poll(() => panel.$('[data-testid=clip-list]'), { message: 'the list again' });

      await panel.setViewport({ width: 320, height: 760 });
      await chooseState(panel, 'archived');
      await poll(() => panel.$('[data-testid=clip-list][data-filter-state=archived]'), { message: 'the Archived list' });
      // Opened again at this width on the Archived list (the filter is kept): the last state is scrolled into view.
      await panel.reload({ waitUntil: 'domcontentloaded' });
      await poll(() => panel.$('[data-testid=clip-list][data-filter-state=archived] [data-testid=clip-item]'), { message: 'the Archived list, reopened' });
      // The rows may come before the counts, which widen the states and bring the tag menu (a slow machine shows it).
      await poll(() => panel.$('[data-testid=filter-tag]'), { message: 'the counts and the tag menu' });
      await panel.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
      g = await geometry();
      expect(g.stateTops).toHaveLength(1);
      expect(g.chosenInView).toBe(true);
      expect(g.pageOverflow).toBe(0);
      expect(sameRow(g.tag, g.sort), JSON.stringify(g)).toBe(true);
      await chooseState(panel, 'all');
      await panel.close();
    });

    it('the README screenshots: the list with its filters and counts, as cards, search results, the reader; and dark mode', async () => {
      const w = world();
      const { driver } = w;
      const tide = await library(w);
      // Pictures for the rows (a saved lead image each, thumbnails made by the background) and two saved views.
      const rows = (await must(driver, 'search', { query: '', offset: 0, limit: 20, filters: { state: 'all' } })).hits.map((h) => h.clip.id);
      for (const [i, clipId] of rows.entries()) {
        if (i % 3 === 2) continue;
        await must(driver, 'debugAttachImages', { clipId, images: [{ src: `https://img.example/${i}.png`, type: 'image/png', base64: scenePng(480, 320, i / 7).toString('base64'), width: 480, height: 320 }] });
      }
      await must(driver, 'thumbnails', { clipIds: rows });
      const views = await must(driver, 'listViews', {});
      if (views.views.length === 0) {
        await must(driver, 'saveView', { name: 'Long reads', spec: { query: '', state: 'all', tag: 'long-read', sort: 'longest', site: '', from: '', to: '' } });
        await must(driver, 'saveView', { name: 'Sea, unread', spec: { query: '', state: 'unread', tag: 'sea', sort: 'relevance', site: '', from: '', to: '' } });
      }
      const panel = await listPanel(driver);
      await poll(async () => (await panel.$$('[data-testid=clip-thumb]')).length >= 3 && (await panel.$$('[data-testid=saved-view]')).length === 2, { timeout: 20_000, message: 'the thumbnails and the saved views' });
      await scheme(panel, 'light');
      await shoot(driver, panel, 'sidepanel.png');
      await scheme(panel, 'dark');
      await shoot(driver, panel, 'sidepanel-dark.png');
      await scheme(panel, 'light');

      // The same list as cards: readable in both schemes (a picture, or the site's initial on its hue), then back to rows.
      await panel.click('[data-testid=layout-toggle]');
      await poll(async () => (await panel.$$('[data-testid=clip-list].clip-cards .card [data-testid=clip-thumb]')).length >= 3, { timeout: 20_000, message: 'cards with their pictures' });
      await panel.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      for (const value of ['light', 'dark'] as const) {
        await scheme(panel, value);
        expect(await lowContrast(panel), `the cards in ${value} mode`).toEqual([]);
      }
      await scheme(panel, 'light');
      await shoot(driver, panel, 'sidepanel-cards.png');
      await panel.click('[data-testid=layout-toggle]');
      await poll(() => panel.$('[data-testid=clip-list]:not(.clip-cards)'), { message: 'rows again' });

      await panel.type('[data-testid=search-input]', 'sea');
      await poll(async () => (await panel.$$('[data-testid=search-hit] mark')).length >= 2, { timeout: 30_000, message: 'search results with marks' });
      await shoot(driver, panel, 'search.png');
      await panel.keyboard.press('Escape');

      await panel.evaluate((id) => void (location.hash = `clip=${id}`), tide);
      await poll(() => panel.$('[data-testid=article] p'), { message: 'the reader' });
      await shoot(driver, panel, 'reader.png');
      await scheme(panel, 'dark');
      await shoot(driver, panel, 'reader-dark.png');
      await panel.close();
    });
  });
}
