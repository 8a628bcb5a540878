// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { anchor } from '../../../src/anchoring/anchor';
import { describeOnPage, describeSelection, isBeingEdited, refusal, selectionRange } from '../../../src/highlighter/selection-target';

function select(startNode: Node, startOffset: number, endNode: Node, endOffset: number): void {
  const range = document.createRange();
  range.setStart(startNode, startOffset);
  range.setEnd(endNode, endOffset);
  const sel = document.getSelection()!;
  sel.removeAllRanges();
  sel.addRange(range);
}

const textOf = (sel: string) => document.querySelector(sel)!.firstChild!;

beforeEach(() => {
  document.body.innerHTML = `
    <h1>The Tide Mill</h1>
    <p id="a">The mill turned with the tide twice a day, and the miller slept between the turns.</p>
    <iframe id="f"></iframe>
    <p id="b">Nobody remembers who built it first.</p>
    <input id="field" value="a field value to select">
    <div id="ed" contenteditable="true"><p id="inner">Editable words here.</p></div>
    <p id="long"></p>`;
  document.getSelection()!.removeAllRanges();
  (document.activeElement as HTMLElement | null)?.blur?.();
});

describe('describeSelection', () => {
  it('describes a selection on the body, as a target that anchors back to the same words', () => {
    select(textOf('#a'), 4, textOf('#a'), 26);
    const r = describeSelection({ document, topFrame: true });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.target.quote.exact).toBe('mill turned with the t');
    const found = anchor(r.value.target, document.body);
    expect(found?.range.toString()).toBe('mill turned with the t');
  });

  it('never cuts an emoji ZWJ sequence or a letter joined to a U+200D: the target and the range drawn take the whole character', () => {
    const p = document.createElement('p');
    p.textContent = 'Dev 👩\u200d💻 day, a\u200d then';
    document.body.append(p);
    const text = p.firstChild!;
    const emoji = 'Dev '.length;
    // Ending after 👩, or after the joiner; starting after the joiner.
    for (const [from, to] of [[0, emoji + 2], [0, emoji + 3], [emoji + 3, emoji + 10]] as const) {
      select(text, from, text, to);
      const r = describeSelection({ document, topFrame: true });
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.target.quote.exact, `${from}-${to}`).toBe(from === 0 ? 'Dev 👩\u200d💻' : '👩\u200d💻 day,');
      expect(r.value.range.toString(), `${from}-${to}`).toBe(r.value.target.quote.exact);
    }
    // "a" followed by U+200D: one grapheme cluster, the joiner kept with it.
    const a = text.nodeValue!.indexOf('a\u200d');
    select(text, a - 1, text, a + 1);
    const r = describeSelection({ document, topFrame: true });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.target.quote.exact).toBe('a\u200d');
    expect(r.value.range.toString()).toBe(' a\u200d');
    // The toolbar's path: the same range drawn at once as stored.
    const cut = document.createRange();
    cut.setStart(text, 0);
    cut.setEnd(text, emoji + 2);
    const t = describeOnPage(document.body, cut);
    expect(t.ok && [t.value.target.quote.exact, t.value.range.toString()]).toEqual(['Dev 👩\u200d💻', 'Dev 👩\u200d💻']);
    expect(cut.toString()).toBe('Dev 👩');
  });

  it('refuses nothing selected', () => {
    expect(describeSelection({ document, topFrame: true })).toMatchObject({ ok: false, error: { code: 'no-content', message: expect.stringMatching(/^Select some text/) } });
  });

  it('refuses in a frame', () => {
    select(textOf('#a'), 0, textOf('#a'), 10);
    expect(describeSelection({ document, topFrame: false })).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringMatching(/embedded frame/) } });
  });

  it('refuses text selected in a form field', () => {
    const field = document.querySelector<HTMLInputElement>('#field')!;
    field.focus();
    field.setSelectionRange(2, 9);
    expect(describeSelection({ document, topFrame: true })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/form field/) } });
  });

  it('refuses an editable area', () => {
    select(textOf('#inner'), 0, textOf('#inner'), 8);
    expect(describeSelection({ document, topFrame: true })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/editable area/) } });
  });

  it('refuses a selection across a frame element', () => {
    select(textOf('#a'), 3, textOf('#b'), 6);
    expect(describeSelection({ document, topFrame: true })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/crosses an embedded frame/) } });
  });

  it('refuses more than 10,000 characters, saying how many', () => {
    document.querySelector('#long')!.textContent = 'word '.repeat(2_500);
    select(textOf('#long'), 0, textOf('#long'), 12_000);
    expect(describeSelection({ document, topFrame: true })).toMatchObject({
      ok: false,
      error: { code: 'too-large', message: expect.stringMatching(/too long to highlight: 11,999 characters.*10,000/) },
    });
  });
});

describe('selectionRange and refusal', () => {
  it('has no range for a collapsed selection, and no refusal for plain text', () => {
    select(textOf('#a'), 3, textOf('#a'), 3);
    expect(selectionRange(document)).toBeNull();
    select(textOf('#a'), 3, textOf('#a'), 8);
    expect(refusal(document, selectionRange(document))).toBeNull();
  });

  it('tells editing (where the toolbar stays away) from other refusals', () => {
    select(textOf('#inner'), 0, textOf('#inner'), 8);
    expect(isBeingEdited(document, selectionRange(document))).toBe(true);
    select(textOf('#a'), 3, textOf('#b'), 6);
    expect(isBeingEdited(document, selectionRange(document))).toBe(false);
    expect(refusal(document, selectionRange(document))).toMatch(/crosses an embedded frame/);
  });
});
