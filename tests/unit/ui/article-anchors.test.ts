// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { followArticleAnchor } from '../../../extension/ui/article-anchors';

describe('the reader follows an article anchor in place', () => {
  it('scrolls to the target without touching the panel hash (its router)', () => {
    location.hash = 'clip=abc';
    const root = document.body.appendChild(document.createElement('article'));
    root.innerHTML = '<p><a href="#user-content-caf%C3%A9"><em>Café</em></a> <a href="https://example.com/">out</a></p><h2 id="user-content-café">Café</h2>';
    const scrolled: Element[] = [];
    Element.prototype.scrollIntoView = vi.fn(function (this: Element) {
      scrolled.push(this);
    });
    root.addEventListener('click', (e) => followArticleAnchor(e, root));
    const inner = root.querySelector('em')!;
    const click = new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 });
    inner.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(true);
    expect(scrolled).toEqual([root.querySelector('h2')]);
    expect(location.hash).toBe('#clip=abc');
    // Another link is left to the browser (jsdom cannot navigate: stopped after it is checked).
    let left: boolean | null = null;
    document.addEventListener('click', (e) => ((left = !e.defaultPrevented), e.preventDefault()));
    root.querySelectorAll('a')[1]!.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 }));
    expect(left).toBe(true);
  });
});
