import { describe, expect, it } from 'vitest';
import { captureLink } from '../../../extension/background/capture';
import { isSavableLink } from '../../../src/url/normalize';

/** "Save link" on a link that is not a web page says so, and what to do: not "Open a regular web page". */
describe('Save link on a link that is not a web page', () => {
  it.each(['mailto:a@example.com', 'javascript:void(0)', 'data:text/html,<p>x</p>', 'blob:https://example.com/1-2', 'tel:+15551234'])('%s', async (url) => {
    const scheme = url.slice(0, url.indexOf(':') + 1);
    const err = await captureLink(url).then(() => null, (e: unknown) => e as Error);
    expect(err?.message).toMatch(new RegExp(`^This link is not a web page \\(${scheme}\\), so it cannot be saved\\. `));
    expect(err?.message).not.toMatch(/Open a regular web page/);
    expect(err?.message).toMatch(/Save a link to a web page/);
  });

  it('a link that does not parse is named as a link', async () => {
    const err = await captureLink('not a url').then(() => null, (e: unknown) => e as Error);
    expect(err?.message).toMatch(/^This link isn't a valid web address/);
  });

  it('a web link is judged as its page is', () => {
    expect(isSavableLink('https://example.com/a')).toEqual({ ok: true });
    expect(isSavableLink('https://addons.mozilla.org/en-US/firefox/').ok).toBe(false);
  });
});
