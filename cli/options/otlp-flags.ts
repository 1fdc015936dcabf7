import { UserError } from '../../core/errors.js';
import {
  checkEndpoint,
  checkHeaders,
  checkTlsFiles,
  type TransportProtocol,
} from '../../simulator/check-transport-inputs.js';
import type { OtlpTarget } from '../../simulator/simulation-options.js';
import { otlpFromEnvironment } from './otel-env.js';

/** The OTLP flags of `aimon simulate` and `aimon verify`. */
export interface OtlpFlags {
  endpoint?: string;
  protocol?: string;
  /** "key=value" strings (repeatable flag) or a map. */
  headers?: string[] | Record<string, string>;
  /** No TLS (as OTel's OTEL_EXPORTER_OTLP_INSECURE and telemetrygen's --otlp-insecure). */
  insecure?: boolean;
  /** TLS without verifying the server's certificate. */
  insecureSkipVerify?: boolean;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  /** Read the standard OTEL_EXPORTER_OTLP_* variables (never without this flag). */
  otelEnv?: boolean;
}

export function parseHeaders(raw: string[] | Record<string, string> | undefined): Record<string, string> {
  if (!raw) return {};
  if (!Array.isArray(raw)) return { ...raw };
  const headers: Record<string, string> = {};
  for (const item of raw) {
    const at = item.indexOf('=');
    if (at <= 0) throw new UserError(`--header "${item}" is not a header (expected key=value)`);
    headers[item.slice(0, at).trim()] = item.slice(at + 1).trim();
  }
  return headers;
}

function parseProtocol(raw: string): TransportProtocol {
  if (raw !== 'grpc' && raw !== 'http')
    throw new UserError(`--protocol "${raw}" is not a protocol (expected grpc or http)`);
  return raw;
}

/**
 * The OTLP target from flags, then (only with --otel-env) the OTEL_EXPORTER_OTLP_* variables, then `fallback` (the
 * running stack's endpoint). Each value is checked here: a bad one is one UserError naming its flag or variable.
 */
export async function otlpTargetFromFlags(
  flags: OtlpFlags,
  env: NodeJS.ProcessEnv,
  fallback: (protocol: TransportProtocol) => Promise<string>,
): Promise<OtlpTarget> {
  const fromEnv = flags.otelEnv ? otlpFromEnvironment(env) : {};
  const protocol =
    flags.protocol !== undefined ? parseProtocol(flags.protocol) : (fromEnv.protocol ?? 'grpc');
  let endpoint: string;
  if (flags.endpoint) {
    endpoint = flags.endpoint;
    checkEndpoint(endpoint, protocol);
  } else if (fromEnv.endpoint) {
    endpoint = fromEnv.endpoint;
    checkEndpoint(endpoint, protocol);
  } else {
    endpoint = await fallback(protocol);
  }
  const tls = {
    ...((flags.caFile ?? fromEnv.caFile) ? { caFile: flags.caFile ?? fromEnv.caFile } : {}),
    ...((flags.certFile ?? fromEnv.certFile) ? { certFile: flags.certFile ?? fromEnv.certFile } : {}),
    ...((flags.keyFile ?? fromEnv.keyFile) ? { keyFile: flags.keyFile ?? fromEnv.keyFile } : {}),
    ...(flags.insecureSkipVerify ? { insecureSkipVerify: true } : {}),
  };
  checkTlsFiles(tls);
  const insecure = flags.insecure ?? (fromEnv.insecure && !/^https:\/\//i.test(endpoint));
  if (insecure) {
    if (/^https:\/\//i.test(endpoint))
      throw new UserError(
        `--insecure means no TLS, but --endpoint ${JSON.stringify(endpoint)} is https:// (use --insecure-skip-verify to skip certificate checks)`,
      );
    if (tls.caFile || tls.certFile)
      throw new UserError('--insecure means no TLS: it cannot be combined with --ca-file or --cert-file');
    if (tls.insecureSkipVerify)
      throw new UserError(
        '--insecure means no TLS and --insecure-skip-verify means TLS without certificate checks: give one',
      );
  }
  const headers = { ...fromEnv.headers, ...parseHeaders(flags.headers) };
  checkHeaders(headers, protocol);
  return { protocol, endpoint, headers, tls: { ...tls, ...(insecure ? { insecure: true } : {}) } };
}
