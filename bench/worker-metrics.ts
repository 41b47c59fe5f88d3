/**
 * Where an order's time goes, from the worker's own Prometheus metrics (SID_WORKER_METRICS_ADDRESS):
 * per activity type, how long it ran and how long it waited in the task queue, and how long
 * workflow tasks waited and ran. Two scrapes, before and after a run; the difference is the run's.
 */
type Histograms = Map<string, { sum: number; count: number }>;

export async function scrapeHistograms(address: string): Promise<Histograms> {
  const text = await (await fetch(`http://${address}/metrics`)).text();
  const out: Histograms = new Map();
  for (const line of text.split('\n')) {
    const m = /^(temporal_[a-z_]+?)_(sum|count)(\{[^}]*\})? ([0-9.e+-]+)$/.exec(line);
    if (!m) continue;
    const [, name, kind, labels = '', value] = m;
    const type = /activity_type="([^"]+)"/.exec(labels)?.[1] ?? /workflow_type="([^"]+)"/.exec(labels)?.[1] ?? '';
    const key = `${name}${type ? ` ${type}` : ''}`;
    const entry = out.get(key) ?? { sum: 0, count: 0 };
    entry[kind as 'sum' | 'count'] += Number(value);
    out.set(key, entry);
  }
  return out;
}

/** Mean and count of each histogram over the run, slowest first: "temporal_activity_execution_latency buildOrderArchive: 38.2 ms × 205". */
export function histogramDelta(before: Histograms, after: Histograms, unitMs: number): string[] {
  const rows: Array<[string, number, number]> = [];
  for (const [key, a] of after) {
    const b = before.get(key) ?? { sum: 0, count: 0 };
    const count = a.count - b.count;
    if (count > 0 && /latency/.test(key)) rows.push([key, ((a.sum - b.sum) / count) * unitMs, count]);
  }
  return rows.sort((x, y) => y[1] - x[1]).map(([key, mean, count]) => `${key}: ${mean.toFixed(1)} ms × ${count}`);
}
