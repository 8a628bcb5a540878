/** Phase timings on stderr when `COMMONPLACE_E2E_DEBUG` is set (e.g. `COMMONPLACE_E2E_DEBUG=1`). */

/** Returns `lap(label)`, which logs the milliseconds since the previous lap (or since creation). */
export function phaseTimer(prefix: string): (label: string) => void {
  if (!process.env.COMMONPLACE_E2E_DEBUG) return () => undefined;
  let last = Date.now();
  return (label) => {
    const now = Date.now();
    console.error(`[e2e] ${prefix} ${label}: ${now - last} ms`);
    last = now;
  };
}
