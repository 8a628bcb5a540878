/**
 * What a call to the background costs beside the work it asks for, in Chromium: `ping` (which
 * does nothing) through runtime.sendMessage, as every UI call goes, against the same round trip
 * over a BroadcastChannel to an echo installed in the service worker; and `search` of one word
 * through runtime.sendMessage. Medians and p95 of --runs calls each, from an extension page.
 *
 *   tsx scripts/bench/rpc-probe.ts [--runs N] [--no-build]
 */
import { buildExtension, evalInWorker, launch, log, sleep, workerSession } from './browser';
import { intFlag, parseArgs, percentile, round } from './stats';

const { flags } = parseArgs(process.argv.slice(2), ['no-build']);
const runs = intFlag(flags, 'runs', 200);
const s = await launch(buildExtension(flags.has('no-build')));
try {
  await sleep(1_000);
  const worker = await workerSession(s);
  await evalInWorker(worker, `void (() => { const c = new BroadcastChannel('cp-rpc-probe'); c.onmessage = (e) => c.postMessage({ id: e.data.id }); globalThis.__probeChannel = c; })()`);
  const page = s.control;
  const times = (await page.evaluate(`(async (runs) => {
    const g = globalThis; const api = g.browser?.runtime?.sendMessage ? g.browser : g.chrome;
    const env = (method, params, n) => ({ cp: 1, to: 'background', method, params, id: 'probe-' + method + '-' + n });
    const out = { ping: [], channel: [], search: [] };
    const c = new BroadcastChannel('cp-rpc-probe');
    const waiting = new Map();
    c.onmessage = (e) => { waiting.get(e.data.id)?.(); waiting.delete(e.data.id); };
    for (let n = 0; n < runs; n++) {
      let t = performance.now(); await api.runtime.sendMessage(env('ping', {}, n)); out.ping.push(performance.now() - t);
      t = performance.now(); await new Promise((r) => { waiting.set(n, r); c.postMessage({ id: n }); }); out.channel.push(performance.now() - t);
      t = performance.now(); await api.runtime.sendMessage(env('search', { query: 'probe', offset: 0, limit: 20 }, n)); out.search.push(performance.now() - t);
    }
    return out;
  })(${runs})`)) as Record<string, number[]>;
  for (const [k, v] of Object.entries(times)) log(`${k.padEnd(8)} p50 ${round(percentile(v, 50), 2)} p95 ${round(percentile(v, 95), 2)} ms (${v.length} calls)`);
} finally {
  await s.close();
}
