import { describe, expect, it } from 'vitest';
import { pageChunks, panelSharedModules, type ChunkMeta, type ModuleFacts } from '../../../scripts/build/page-chunks';

/** A module graph as Rollup reports it: id → static imports, lazy imports, entry or not. */
function graphOf(mods: Record<string, { imports?: string[]; lazy?: string[]; entry?: boolean }>): ChunkMeta {
  const info = new Map<string, ModuleFacts>(
    Object.entries(mods).map(([id, m]) => [id, { isEntry: m.entry ?? false, importedIds: m.imports ?? [], dynamicallyImportedIds: m.lazy ?? [] }]),
  );
  return { getModuleIds: () => info.keys(), getModuleInfo: (id) => info.get(id) ?? null };
}

const PANEL = '/repo/entrypoints/sidepanel/index.html';
const POPUP = '/repo/entrypoints/popup/index.html';

const graph = graphOf({
  [PANEL]: { entry: true, imports: ['panel-main'] },
  'panel-main': { imports: ['preact', 'list', 'panel-only'], lazy: ['reader'] },
  'panel-only': { imports: ['list'] },
  list: { imports: ['bytes'] },
  bytes: {},
  preact: {},
  reader: { imports: ['preact', 'sanitise', 'list'] },
  sanitise: {},
  [POPUP]: { entry: true, imports: ['popup-main'] },
  'popup-main': { imports: ['preact', 'settings'] },
  settings: {},
});

describe('panelSharedModules', () => {
  it('takes what the side panel loads at start and shares with another page or a lazy chunk, and nothing else', () => {
    // preact: shared with the popup; list and bytes: with the lazy reader. The panel's own
    // modules stay in its entry chunk (the popup must not run them); the reader's own and the
    // popup's own modules are not the panel's start-up.
    expect([...panelSharedModules(graph)].sort()).toEqual(['bytes', 'list', 'preact']);
  });

  it('takes nothing from a build without the side panel (the content scripts, the background)', () => {
    expect(panelSharedModules(graphOf({ [POPUP]: { entry: true, imports: ['preact'] }, preact: {} })).size).toBe(0);
  });

  it('follows static imports through cycles', () => {
    const cyclic = graphOf({
      [PANEL]: { entry: true, imports: ['a'] },
      a: { imports: ['b'] },
      b: { imports: ['a'] },
      [POPUP]: { entry: true, imports: ['b'] },
    });
    expect([...panelSharedModules(cyclic)].sort()).toEqual(['a', 'b']);
  });
});

describe('pageChunks', () => {
  it('names the shared modules panel-shared and leaves the rest to Rollup', () => {
    const chunk = pageChunks();
    expect(['preact', 'list', 'panel-only', 'settings', PANEL].map((id) => chunk(id, graph))).toEqual(['panel-shared', 'panel-shared', undefined, undefined, undefined]);
  });
});
