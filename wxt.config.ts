import { resolve } from 'node:path';
import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { inlineStyles } from './scripts/build/inline-styles';
import { pageChunks } from './scripts/build/page-chunks';

/** Firefox needs a stable id for storage, sync and the e2e harness's pinned moz-extension:// uuid. */
export const GECKO_ID = 'commonplace@commonplace.dev';

const CSP = "script-src 'self' 'wasm-unsafe-eval'; object-src 'self';";

// `wxt build --mode test` sets NODE_ENV to the mode when it is unset, and Vite builds anything but
// NODE_ENV=production in development: the test build had Preact's debug layer and development JSX
// in every page, so the end-to-end tests and the benchmarks ran a slower UI than users get. The test
// build is the production build plus the test-only calls (`import.meta.env.MODE === 'test'`).
// tests/e2e/bundles.e2e.ts checks that no build holds Preact's debug code.
if (process.env.NODE_ENV === 'test') process.env.NODE_ENV = 'production';

export default defineConfig({
  imports: false,
  // Parallel work on one machine builds into separate folders (the e2e harness reads the same variable).
  outDir: process.env.COMMONPLACE_OUT_DIR || '.output',
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({
    // Each page's own stylesheets are written into its HTML (scripts/build/inline-styles.ts).
    plugins: [preact(), inlineStyles()],
    // automerge-repo's CBOR codec, in the build its authors publish for CSP-restricted pages: the
    // default one probes `new Function('')` at load, which files an eval violation report from the
    // background on every start (docs/architecture.md, "Security").
    resolve: { alias: [{ find: /^cbor-x$/, replacement: 'cbor-x/index-no-eval' }] },
  }),
  hooks: {
    // The side panel's first paint loads one chunk of shared code, not six (scripts/build/page-chunks.ts).
    'vite:build:extendConfig': (entrypoints, config) => {
      if (!entrypoints.some((e) => e.type === 'sidepanel')) return;
      const output = ((config.build ??= {}).rollupOptions ??= {}).output;
      if (Array.isArray(output)) throw new Error('wxt.config.ts: expected one Rollup output for the extension pages');
      config.build.rollupOptions.output = { ...output, manualChunks: pageChunks() };
    },
    // Automerge's WebAssembly ships as its own file, loaded with its extension URL (see docs/architecture.md).
    'build:publicAssets': (_wxt, assets) => {
      assets.push({
        absoluteSrc: resolve('node_modules/@automerge/automerge/dist/automerge.wasm'),
        relativeDest: 'automerge.wasm',
      });
    },
  },
  manifest: ({ browser, manifestVersion }) => ({
    name: 'Commonplace',
    description: 'Save pages and highlights into a local-first library you own. Works offline; sync is optional.',
    permissions: [
      'storage',
      'unlimitedStorage',
      'activeTab',
      'scripting',
      'tabs',
      'alarms',
      'downloads',
      browser === 'firefox' ? 'menus' : 'contextMenus',
      ...(browser === 'firefox' ? [] : ['sidePanel', 'offscreen']),
    ],
    host_permissions: ['<all_urls>'],
    content_security_policy: manifestVersion === 3 ? { extension_pages: CSP } : CSP,
    commands: {
      'save-page': {
        suggested_key: { default: 'Alt+Shift+S' },
        description: 'Save this page to Commonplace',
      },
      'highlight-selection': {
        suggested_key: { default: 'Alt+Shift+H' },
        description: 'Highlight the selected text in Commonplace',
      },
    },
    action: { default_title: 'Save to Commonplace' },
    // Chrome/Edge 116: chrome.sidePanel.open() and runtime.getContexts() (offscreen document check).
    ...(browser === 'firefox' ? {} : { minimum_chrome_version: '116' }),
    browser_specific_settings:
      browser === 'firefox' ? { gecko: { id: GECKO_ID, strict_min_version: '128.0', data_collection_permissions: { required: ['none'] } } } : undefined,
  }),
});
