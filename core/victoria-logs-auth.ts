/**
 * VictoriaLogs' flush key, as aimon's own clients find it. VictoriaLogs refuses `/internal/force_flush` without
 * `?authKey=` (native: a key generated into the data dir, see stack/stack-secrets.ts; compose: the
 * AIMON_VICTORIALOGS_FLUSH_KEY variable). Whoever learns a stack's VictoriaLogs URL from its data dir registers the
 * key for that URL here, in memory only, so every client in the process (verify, dashboards, tests) flushes with
 * it without the key travelling in endpoints, state files or reports.
 */
export const VICTORIALOGS_FLUSH_KEY_ENV = 'AIMON_VICTORIALOGS_FLUSH_KEY';
export const VICTORIALOGS_MANAGEMENT_KEY_ENV = 'AIMON_VICTORIALOGS_MANAGEMENT_KEY';

const flushKeys = new Map<string, string>();

function normalise(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}

export function registerVictoriaLogsFlushKey(baseUrl: string, key: string): void {
  flushKeys.set(normalise(baseUrl), key);
}

/** The key registered for this VictoriaLogs, else AIMON_VICTORIALOGS_FLUSH_KEY, else none. */
export function victoriaLogsFlushKey(baseUrl: string): string | undefined {
  const env = process.env[VICTORIALOGS_FLUSH_KEY_ENV];
  return flushKeys.get(normalise(baseUrl)) ?? (env ? env : undefined);
}

/** `<baseUrl>/internal/force_flush`, with the flush key when one is known. */
export function victoriaLogsForceFlushUrl(baseUrl: string): string {
  const key = victoriaLogsFlushKey(baseUrl);
  const url = `${normalise(baseUrl)}/internal/force_flush`;
  return key ? `${url}?authKey=${encodeURIComponent(key)}` : url;
}
