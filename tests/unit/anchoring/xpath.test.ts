// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { charOffsetIn, elementAt, pointAtCharOffset, xpathOf } from '../../../src/anchoring/xpath';

function rootOf(html: string): HTMLDivElement {
  const div = document.createElement('div');
  div.innerHTML = html;
  return div;
}

describe('simple XPaths', () => {
  const root = rootOf('<p>one</p><div><p>two</p><p>three <em>four</em></p></div><svg><foreignObject><p>five</p></foreignObject></svg>');

  it('name every element from the root and find it again', () => {
    for (const el of [root, ...root.querySelectorAll('*')]) {
      const path = xpathOf(el, root)!;
      expect(elementAt(path, root), path).toBe(el);
    }
    expect(xpathOf(root.querySelector('em')!, root)).toBe('/div[1]/p[2]/em[1]');
    expect(xpathOf(root, root)).toBe('');
    expect(xpathOf(root.querySelector('foreignObject p')!, root)).toBe('/svg[1]/foreignobject[1]/p[1]');
  });

  it('find nothing for paths that do not resolve, are not simple, or nodes outside the root', () => {
    expect(elementAt('/div[1]/p[3]', root)).toBeNull();
    expect(elementAt('/p[0]', root)).toBeNull();
    expect(elementAt('//p', root)).toBeNull();
    expect(elementAt("/p[1]/text()[1]", root)).toBeNull();
    expect(elementAt('/p[1] | /div[1]', root)).toBeNull();
    expect(xpathOf(document.createElement('p'), root)).toBeNull();
  });
});

describe('character offsets in an element', () => {
  const root = rootOf('<p>ab<b>cd</b><i></i>ef</p>');
  const p = root.firstChild!;
  const [ab, cd, ef] = [p.firstChild!, p.childNodes[1]!.firstChild!, p.lastChild!];

  it('count the textContent before a text position', () => {
    expect(charOffsetIn(p, ab, 1)).toBe(1);
    expect(charOffsetIn(p, cd, 0)).toBe(2);
    expect(charOffsetIn(p, ef, 2)).toBe(6);
    expect(charOffsetIn(p.childNodes[1]!, ef, 0)).toBeNull();
  });

  it('resolve to the later text node at a boundary for a start, the earlier for an end', () => {
    expect(pointAtCharOffset(p, 2, 'start')).toEqual({ node: cd, offset: 0 });
    expect(pointAtCharOffset(p, 2, 'end')).toEqual({ node: ab, offset: 2 });
    expect(pointAtCharOffset(p, 6, 'start')).toEqual({ node: ef, offset: 2 });
    expect(pointAtCharOffset(p, 7, 'start')).toBeNull();
  });
});
