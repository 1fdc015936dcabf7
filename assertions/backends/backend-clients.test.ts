import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { alertmanagerAlerts, prometheusAlertGroups } from './alert-sources.js';
import { BackendError } from './http-get.js';
import { PrometheusClient } from './prometheus-client.js';
import { parsePrometheusText, sumSamples } from './prometheus-text.js';
import { VictoriaLogsClient } from './victoria-logs-client.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

describe('backend clients', () => {
  it('parse LogsQL JSON lines and send the query as a form', async () => {
    let received = '';
    const url = await serve((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received = body;
        res.end('{"aimon.seq":"1"}\n{"aimon.seq":"2"}\n');
      });
    });
    const rows = await new VictoriaLogsClient({ baseUrl: url }).query(
      'aimon.run_id:="x" | fields aimon.seq',
      { startMs: 1000 },
    );
    expect(rows).toEqual([{ 'aimon.seq': '1' }, { 'aimon.seq': '2' }]);
    expect(new URLSearchParams(received).get('query')).toBe('aimon.run_id:="x" | fields aimon.seq');
    expect(new URLSearchParams(received).get('start')).toBe('1.000');
  });

  it('turn a wedged backend into a BackendError within the deadline instead of hanging', async () => {
    const url = await serve(() => {
      /* never answers */
    });
    const error = await new VictoriaLogsClient({ baseUrl: url, timeoutMs: 300 })
      .query('*')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect((error as Error).message).toMatch(/VictoriaLogs: no answer from .* within 300 ms/);
    server!.closeAllConnections();
  });

  it('name the backend and URL when nothing listens', async () => {
    const error = await new PrometheusClient({ baseUrl: 'http://127.0.0.1:1', timeoutMs: 2000 })
      .query('up')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect((error as Error).message).toMatch(
      /^Prometheus: unreachable at http:\/\/127\.0\.0\.1:1\/api\/v1\/query/,
    );
  });

  it('report HTTP errors with the first line of the body', async () => {
    const url = await serve((_req, res) => {
      res.statusCode = 400;
      res.end('cannot parse query: unexpected token\nmore');
    });
    await expect(new VictoriaLogsClient({ baseUrl: url }).query('|')).rejects.toThrow(
      /HTTP 400 .*cannot parse query: unexpected token$/,
    );
  });

  it('turn an answer that is not JSON into a BackendError naming the backend and URL', async () => {
    const url = await serve((_req, res) => res.end('<html>proxy login</html>'));
    const notJson = (backend: string, path: string) =>
      `${backend}: answered ${url}${path} with something that is not JSON: <html>proxy login</html>`;
    const prometheus = new PrometheusClient({ baseUrl: url });
    const logs = new VictoriaLogsClient({ baseUrl: url });
    const attempts: Array<[Promise<unknown>, string]> = [
      [prometheus.query('up'), notJson('Prometheus', '/api/v1/query')],
      [prometheus.targets(), notJson('Prometheus', '/api/v1/targets?state=active')],
      [logs.query('*'), notJson('VictoriaLogs', '/select/logsql/query')],
      [logs.statsQuery('* | stats count()'), notJson('VictoriaLogs', '/select/logsql/stats_query')],
      [prometheusAlertGroups(url), notJson('Prometheus', '/api/v1/rules?type=alert')],
      [alertmanagerAlerts(url), notJson('Alertmanager', '/api/v2/alerts')],
    ];
    for (const [attempt, message] of attempts) {
      const error = await attempt.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BackendError);
      expect((error as Error).message).toBe(message);
    }
  });

  it('read Prometheus vectors and targets', async () => {
    const url = await serve((req, res) => {
      if (req.url?.startsWith('/api/v1/targets')) {
        res.end(
          JSON.stringify({
            status: 'success',
            data: {
              activeTargets: [
                {
                  scrapePool: 'p',
                  scrapeUrl: 'http://127.0.0.1:8889/metrics',
                  health: 'up',
                  lastScrape: '2026-01-01T00:00:00Z',
                  lastError: '',
                  labels: {},
                },
              ],
            },
          }),
        );
      } else {
        res.end(
          JSON.stringify({
            status: 'success',
            data: { resultType: 'vector', result: [{ metric: { a: 'b' }, value: [1, '42.5'] }] },
          }),
        );
      }
    });
    const client = new PrometheusClient({ baseUrl: url });
    expect(await client.query('x')).toEqual([{ metric: { a: 'b' }, value: 42.5 }]);
    expect((await client.targets())[0]!.lastScrapeMs).toBe(Date.parse('2026-01-01T00:00:00Z'));
  });
});

describe('Prometheus text format', () => {
  it('parses labels, escapes and sums counters by name', () => {
    const samples = parsePrometheusText(
      [
        '# HELP x y',
        'otelcol_exporter_send_failed_log_records_total{exporter="otlphttp/victorialogs",x="a\\"b"} 3',
        'otelcol_exporter_send_failed_log_records_total{exporter="other"} 2',
        'vl_rows_dropped_total{reason="debug"} 0',
        'plain 1.5e+03',
      ].join('\n'),
    );
    expect(samples[0]!.labels).toEqual({ exporter: 'otlphttp/victorialogs', x: 'a"b' });
    expect(sumSamples(samples, 'otelcol_exporter_send_failed_log_records_total')).toBe(5);
    expect(sumSamples(samples, 'absent_total')).toBe(0);
    expect(sumSamples(samples, 'plain')).toBe(1500);
  });
});
