/**
 * The simulator's transport flags (--endpoint, --header, --ca-file, --cert-file, --key-file), checked before anything
 * is built or sent: each problem is one UserError line (exit 2) instead of a crash inside grpc-js or undici, or a run
 * whose every export fails.
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { UserError } from '../core/errors.js';

export type TransportProtocol = 'grpc' | 'http';

/** Shown quoted and escaped, so a value with CR/LF or other control characters stays on one line. */
const quote = (text: string): string => JSON.stringify(text);

/** RFC 9110 token: an HTTP header name (undici refuses anything else). */
const HTTP_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** What undici accepts in a header value: tab, printable ASCII and obs-text; no CR, LF or NUL. */
const HTTP_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
/** grpc-js metadata keys (after lowercasing) and non-binary values: printable ASCII only. */
const GRPC_KEY = /^[0-9a-z_.-]+$/;
const GRPC_VALUE = /^[ -~]*$/;

/** Headers the transport sets itself, or that HTTP/1.1 and HTTP/2 framing owns. */
const HTTP_RESERVED = new Set([
  'host',
  'content-length',
  'content-type',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'expect',
  'te',
]);
const GRPC_RESERVED = new Set(['content-type', 'te', 'host', 'connection', 'transfer-encoding']);

/** Every --header name and value must be sendable over the protocol; throws the first that is not. */
export function checkHeaders(headers: Record<string, string>, protocol: TransportProtocol | 'file'): void {
  for (const [name, value] of Object.entries(headers)) {
    const shown = `--header ${quote(`${name}=${value}`)}`;
    if (protocol === 'grpc') {
      const key = name.toLowerCase();
      if (!GRPC_KEY.test(key)) {
        throw new UserError(
          `${shown}: ${quote(name)} is not a gRPC metadata key (letters, digits, - _ . only, no spaces)`,
        );
      }
      if (key.endsWith('-bin'))
        throw new UserError(`${shown}: binary metadata (a key ending in -bin) is not supported`);
      if (key.startsWith('grpc-') || GRPC_RESERVED.has(key))
        throw new UserError(`${shown}: ${quote(name)} is set by gRPC itself`);
      if (!GRPC_VALUE.test(value)) {
        throw new UserError(
          `${shown}: the value has a character gRPC metadata cannot carry (printable ASCII only: no CR, LF, tab or non-ASCII)`,
        );
      }
    } else {
      if (!HTTP_TOKEN.test(name)) {
        throw new UserError(
          `${shown}: ${quote(name)} is not an HTTP header name (letters, digits and !#$%&'*+-.^_\`|~ only, no spaces)`,
        );
      }
      if (HTTP_RESERVED.has(name.toLowerCase()))
        throw new UserError(`${shown}: ${quote(name)} is set by the HTTP client itself`);
      if (!HTTP_VALUE.test(value))
        throw new UserError(
          `${shown}: the value has a control character (CR, LF or NUL) an HTTP header cannot carry`,
        );
    }
  }
}

/** The port in an endpoint's authority ("host:port", "[::1]:port", "scheme://host:port/…"), if it names one. */
function endpointPort(endpoint: string): string | undefined {
  return /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:\[[^\]]*\]|[^/:?#[\]]*):(\d+)(?:[/?#]|$)/i.exec(endpoint)?.[1];
}

/**
 * An --endpoint for the protocol: host:port (or [v6]:port, optionally http(s)://) for gRPC, a base URL for HTTP
 * (http:// is assumed when the scheme is left out, as the sink does). Ports are 1–65535.
 */
export function checkEndpoint(endpoint: string, protocol: TransportProtocol): void {
  const shown = `--endpoint ${quote(endpoint)}`;
  const port = endpointPort(endpoint);
  if (port !== undefined && !(Number(port) >= 1 && Number(port) <= 65535))
    throw new UserError(`${shown}: port ${port} is not a port (expected 1 to 65535)`);
  if (protocol === 'grpc') {
    if (
      !/^(https?:\/\/)?[^/:[\]\s]+:\d+\/?$/.test(endpoint) &&
      !/^(https?:\/\/)?\[[^\]\s]+\]:\d+\/?$/.test(endpoint)
    ) {
      throw new UserError(
        `${shown} is not a gRPC endpoint (expected host:port, e.g. 127.0.0.1:4317, or [::1]:4317)`,
      );
    }
    return;
  }
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint);
  if (!hasScheme && port === undefined)
    throw new UserError(`${shown} is not an HTTP endpoint (expected e.g. http://127.0.0.1:4318)`);
  const base = hasScheme ? endpoint : `http://${endpoint}`;
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new UserError(`${shown} is not a URL (expected e.g. http://127.0.0.1:4318)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UserError(`${shown}: ${url.protocol.slice(0, -1)} is not http or https`);
  if (!url.hostname) throw new UserError(`${shown} has no host (expected e.g. http://127.0.0.1:4318)`);
  if (url.username || url.password)
    throw new UserError(`${shown}: put credentials in --header, not in the URL`);
  if (url.search || url.hash)
    throw new UserError(`${shown}: a base URL has no ?query or #fragment (/v1/logs is appended to it)`);
}

export interface TlsFiles {
  caFile?: string;
  certFile?: string;
  keyFile?: string;
}

function readPem(flag: string, file: string, kind: 'CERTIFICATE' | 'PRIVATE KEY'): string {
  let text: string;
  try {
    text = readFileSync(file, 'latin1');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(
      code === 'ENOENT'
        ? `${flag} ${file} does not exist`
        : `${flag} ${file} cannot be read (${code ?? 'error'})`,
    );
  }
  const marker =
    kind === 'CERTIFICATE' ? /-----BEGIN CERTIFICATE-----/ : /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;
  if (!marker.test(text)) {
    throw new UserError(
      `${flag} ${file} is not a PEM ${kind === 'CERTIFICATE' ? 'certificate' : 'private key'} (no "-----BEGIN ${kind}-----" line)`,
    );
  }
  return text;
}

function parseCertificate(flag: string, file: string, pem: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch (error) {
    throw new UserError(`${flag} ${file} holds no valid certificate (${(error as Error).message})`);
  }
}

/**
 * The TLS files: each readable and PEM, a client certificate only with its key (and the key that matches it).
 * grpc-js would otherwise throw from its constructor, and a CA that is no certificate would fail every export.
 */
export function checkTlsFiles(tls: TlsFiles): void {
  if (tls.certFile && !tls.keyFile)
    throw new UserError('--cert-file needs --key-file: a client certificate is sent with its private key');
  if (tls.keyFile && !tls.certFile)
    throw new UserError('--key-file needs --cert-file: a client key is sent with its certificate');
  if (tls.caFile) parseCertificate('--ca-file', tls.caFile, readPem('--ca-file', tls.caFile, 'CERTIFICATE'));
  if (tls.certFile && tls.keyFile) {
    const cert = parseCertificate(
      '--cert-file',
      tls.certFile,
      readPem('--cert-file', tls.certFile, 'CERTIFICATE'),
    );
    let key: KeyObject;
    try {
      key = createPrivateKey(readPem('--key-file', tls.keyFile, 'PRIVATE KEY'));
    } catch (error) {
      if (error instanceof UserError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      throw new UserError(
        code === 'ERR_MISSING_PASSPHRASE'
          ? `--key-file ${tls.keyFile} is encrypted: give an unencrypted key`
          : `--key-file ${tls.keyFile} holds no valid private key (${(error as Error).message})`,
      );
    }
    if (!cert.checkPrivateKey(key))
      throw new UserError(`--key-file ${tls.keyFile} is not the private key of --cert-file ${tls.certFile}`);
  }
}
