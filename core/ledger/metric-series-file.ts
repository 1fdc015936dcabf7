/**
 * The ledger's metric series on disk while a run is going: the generator appends each series as it is retired, so
 * its memory depends on the sessions alive, not on how many have ended. One line per record, tab-separated:
 *   R <resource id> <resource attributes JSON>   (once per resource, before its first series)
 *   S <resource id> <series JSON without `resource`>
 * A DELTA series that went quiet and then changed again is written once per part; reading adds the parts up.
 * Writing is synchronous and buffered: the generator thread does nothing else while it writes.
 */
import { closeSync, createReadStream, openSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { LedgerMetricSeries, MetricAttributes } from './types.js';

const FLUSH_AT_CHARS = 1 << 20;

export class MetricSeriesWriter {
  private readonly fd: number;
  private buffer = '';
  private readonly resourcesWritten = new Set<number>();
  private closed = false;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  add(resourceId: number, series: LedgerMetricSeries): void {
    if (!this.resourcesWritten.has(resourceId)) {
      this.resourcesWritten.add(resourceId);
      this.buffer += `R\t${resourceId}\t${JSON.stringify(series.resource)}\n`;
    }
    const { resource: _resource, ...rest } = series;
    this.buffer += `S\t${resourceId}\t${JSON.stringify(rest)}\n`;
    if (this.buffer.length >= FLUSH_AT_CHARS) this.flush();
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    writeSync(this.fd, this.buffer);
    this.buffer = '';
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.flush();
    closeSync(this.fd);
  }
}

/** Adds a later part of a DELTA series to the earlier one (a cumulative part replaces it). */
function mergeInto(earlier: LedgerMetricSeries, later: LedgerMetricSeries): void {
  if (later.temporality === 'cumulative') {
    Object.assign(earlier, later);
    return;
  }
  earlier.value += later.value;
  if (earlier.count !== undefined) earlier.count += later.count ?? 0;
  if (earlier.bucketCounts && later.bucketCounts)
    earlier.bucketCounts = earlier.bucketCounts.map((c, i) => c + (later.bucketCounts![i] ?? 0));
}

/** Every series of a file written by MetricSeriesWriter; series of one resource share one `resource` object. */
export async function readMetricSeries(path: string): Promise<LedgerMetricSeries[]> {
  const resources = new Map<string, MetricAttributes>();
  const series: LedgerMetricSeries[] = [];
  const byIdentity = new Map<string, LedgerMetricSeries>();
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line === '') continue;
    const kind = line[0];
    const idEnd = line.indexOf('\t', 2);
    if (line[1] !== '\t' || idEnd < 0) throw new Error(`${path}:${lineNumber}: not a metric series line`);
    const id = line.slice(2, idEnd);
    const json = JSON.parse(line.slice(idEnd + 1)) as unknown;
    if (kind === 'R') resources.set(id, json as MetricAttributes);
    else if (kind === 'S') {
      const resource = resources.get(id);
      if (!resource) throw new Error(`${path}:${lineNumber}: series of unknown resource ${id}`);
      const entry: LedgerMetricSeries = { ...(json as Omit<LedgerMetricSeries, 'resource'>), resource };
      const identity = `${id}\u0000${entry.name}\u0000${JSON.stringify(entry.attributes)}`;
      const earlier = byIdentity.get(identity);
      if (earlier) mergeInto(earlier, entry);
      else {
        byIdentity.set(identity, entry);
        series.push(entry);
      }
    } else throw new Error(`${path}:${lineNumber}: unknown line kind ${JSON.stringify(kind)}`);
  }
  return series;
}
