/**
 * What a call to the background costs beside the work it asks for, in Chromium: `ping` (which
 * does nothing) through runtime.sendMessage, as most UI calls go; the same call posted to the
 * service worker with a reply port, as the search box's calls go (src/protocol/worker-transport.ts);
 * the same round trip over a BroadcastChannel to an echo installed in the service worker; and
 * `search` of one word both ways. Medians and p95 of --runs calls each, from an extension page,
 * with --gap ms between calls (default 0: back to back; a user's keystrokes are further apart,
 * and an idle thread answers later).
 *
 *   tsx scripts/bench/rpc-probe.ts [--runs N] [--gap ms] [--no-build]
 */
import { buildExtension, evalInWorker, launch, log, sleep, workerSession } from './browser';
import { intFlag, parseArgs, percentile, round } from './stats';

const { flags } = parseArgs(process.argv.slice(2), ['no-build']);
const runs = intFlag(flags, 'runs', 200);
const gap = intFlag(flags, 'gap', 0);
const s = await launch(buildExtension(flags.has('no-build')));
try {
  await sleep(1_000);
  const worker = await workerSession(s);
  await evalInWorker(worker, `void (() => { const c = new BroadcastChannel('cp-rpc-probe'); c.onmessage = (e) => c.postMessage({ id: e.data.id }); globalThis.__probeChannel = c; })()`);
  await worker.detach();
  const page = s.control;
  const times = (await page.evaluate(`(async (runs, gap) => {
    const g = globalThis; const api = g.browser?.runtime?.sendMessage ? g.browser : g.chrome;
    const env = (method, params, n) => ({ cp: 1, to: 'background', method, params, id: 'probe-' + method + '-' + n });
    const sw = (await navigator.serviceWorker.getRegistration())?.active;
    const post = (e) => new Promise((resolve) => { const { port1, port2 } = new MessageChannel(); port1.onmessage = (m) => (port1.close(), resolve(m.data)); sw.postMessage(e, [port2]); });
    const out = { ping: [], pingWorker: [], channel: [], search: [], searchWorker: [] };
    const c = new BroadcastChannel('cp-rpc-probe');
    const waiting = new Map();
    c.onmessage = (e) => { waiting.get(e.data.id)?.(); waiting.delete(e.data.id); };
    const time = async (list, f) => { if (gap) await new Promise((r) => setTimeout(r, gap)); const t = performance.now(); await f(); list.push(performance.now() - t); };
    for (let n = 0; n < runs; n++) {
      await time(out.ping, () => api.runtime.sendMessage(env('ping', {}, n)));
      await time(out.pingWorker, () => post(env('ping', {}, n)));
      await time(out.channel, () => new Promise((r) => { waiting.set(n, r); c.postMessage({ id: n }); }));
      await time(out.search, () => api.runtime.sendMessage(env('search', { query: 'probe', offset: 0, limit: 20 }, n)));
      await time(out.searchWorker, () => post(env('search', { query: 'probe', offset: 0, limit: 20 }, n)));
    }
    return out;
  })(${runs}, ${gap})`)) as Record<string, number[]>;
  for (const [k, v] of Object.entries(times)) log(`${k.padEnd(13)} p50 ${round(percentile(v, 50), 2)} p95 ${round(percentile(v, 95), 2)} ms (${v.length} calls${gap ? `, ${gap} ms apart` : ''})`);
} finally {
  await s.close();
}
