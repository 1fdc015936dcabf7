import { log } from '../../core/logger.js';
import type { TransportProtocol } from '../../simulator/check-transport-inputs.js';

/** What the standard OTEL_EXPORTER_OTLP_* variables say about where OTLP goes. */
export interface OtlpEnvironment {
  endpoint?: string;
  protocol?: TransportProtocol;
  headers?: Record<string, string>;
  insecure?: boolean;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
}

/**
 * Reads OTEL_EXPORTER_OTLP_{ENDPOINT,PROTOCOL,HEADERS,INSECURE,CERTIFICATE,CLIENT_CERTIFICATE,CLIENT_KEY}, the
 * generic (all-signal) variables, with OTel's meanings: ENDPOINT is the gRPC address or the HTTP base URL (aimon
 * appends /v1/logs and /v1/metrics), HEADERS is `k1=v1,k2=v2` with URL-encoded values, PROTOCOL is grpc or
 * http/protobuf. A value aimon cannot use is warned about and ignored, as the OTel SDKs do. Only `--otel-env` calls
 * this: a load generator that silently followed a shell's variables could send load to production.
 */
export function otlpFromEnvironment(env: NodeJS.ProcessEnv): OtlpEnvironment {
  const out: OtlpEnvironment = {};
  const value = (name: string): string | undefined => {
    const raw = env[`OTEL_EXPORTER_OTLP_${name}`]?.trim();
    return raw ? raw : undefined;
  };
  const endpoint = value('ENDPOINT');
  if (endpoint) out.endpoint = endpoint.replace(/\/+$/, '');
  const protocol = value('PROTOCOL');
  if (protocol === 'grpc') out.protocol = 'grpc';
  else if (protocol === 'http/protobuf') out.protocol = 'http';
  else if (protocol)
    log.warn(`OTEL_EXPORTER_OTLP_PROTOCOL="${protocol}" ignored (aimon sends grpc or http/protobuf)`);
  const headers = value('HEADERS');
  if (headers) {
    out.headers = {};
    for (const pair of headers.split(',')) {
      const at = pair.indexOf('=');
      if (at <= 0) {
        log.warn(`OTEL_EXPORTER_OTLP_HEADERS: "${pair.trim()}" ignored (expected key=value)`);
        continue;
      }
      try {
        out.headers[decodeURIComponent(pair.slice(0, at).trim())] = decodeURIComponent(
          pair.slice(at + 1).trim(),
        );
      } catch {
        log.warn(`OTEL_EXPORTER_OTLP_HEADERS: "${pair.trim()}" ignored (bad URL encoding)`);
      }
    }
  }
  const insecure = value('INSECURE')?.toLowerCase();
  if (insecure === 'true') out.insecure = true;
  else if (insecure && insecure !== 'false')
    log.warn(`OTEL_EXPORTER_OTLP_INSECURE="${insecure}" ignored (expected true or false)`);
  const ca = value('CERTIFICATE');
  if (ca) out.caFile = ca;
  const cert = value('CLIENT_CERTIFICATE');
  if (cert) out.certFile = cert;
  const key = value('CLIENT_KEY');
  if (key) out.keyFile = key;
  return out;
}
