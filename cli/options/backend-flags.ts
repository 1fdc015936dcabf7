import type { Command } from 'commander';
import type { BackendTarget } from '../../assertions/backends/backend-access.js';
import { UserError } from '../../core/errors.js';
import { checkTlsFiles } from '../../simulator/check-transport-inputs.js';

/** The query backends verify can be pointed at, with their flag prefix and the name shown in help and errors. */
export const BACKENDS = {
  victoriaLogs: { flag: 'victorialogs', name: 'VictoriaLogs', env: 'AIMON_VICTORIALOGS' },
  prometheus: { flag: 'prometheus', name: 'Prometheus', env: 'AIMON_PROMETHEUS' },
} as const;
export type BackendName = keyof typeof BACKENDS;

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** --<x>-url, --<x>-header, --<x>-basic-auth, --<x>-bearer-token and TLS flags for one backend. */
export function addBackendOptions(command: Command, backend: BackendName): Command {
  const { flag, name, env } = BACKENDS[backend];
  return command
    .option(`--${flag}-url <url>`, `${name} base URL of a stack aimon did not start (default: aimon's stack)`)
    .option(`--${flag}-header <"Name: value">`, `header sent to ${name} (repeatable)`, collect)
    .option(
      `--${flag}-basic-auth <user:password>`,
      `basic auth for ${name} (better: ${env}_BASIC_AUTH in the environment, kept out of the process list)`,
    )
    .option(
      `--${flag}-bearer-token <token>`,
      `bearer token for ${name} (better: ${env}_BEARER_TOKEN in the environment)`,
    )
    .option(`--${flag}-ca-file <file>`, `CA certificate for ${name}'s TLS`)
    .option(`--${flag}-cert-file <file>`, `client certificate for ${name} (mutual TLS)`)
    .option(`--${flag}-key-file <file>`, `client key for ${name} (mutual TLS)`)
    .option(`--${flag}-insecure-skip-verify`, `do not verify ${name}'s TLS certificate`);
}

/** The flags commander collects for one backend (camelCased names). */
type Flags = Record<string, string | string[] | boolean | undefined>;

const quote = (text: string): string => JSON.stringify(text);
const HTTP_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HTTP_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** A base URL: http or https, a host, no credentials (they go in the auth flags), no query or fragment. */
export function checkBaseUrl(raw: string, flag: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UserError(`${flag} ${quote(raw)} is not a URL (expected e.g. http://127.0.0.1:9428)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UserError(`${flag} ${quote(raw)}: ${url.protocol.slice(0, -1)} is not http or https`);
  if (!url.hostname) throw new UserError(`${flag} ${quote(raw)} has no host`);
  if (url.username || url.password)
    throw new UserError(`${flag} ${quote(raw)}: put credentials in the basic-auth flag, not in the URL`);
  if (url.search || url.hash)
    throw new UserError(`${flag} ${quote(raw)}: a base URL has no ?query or #fragment`);
  return raw.replace(/\/+$/, '');
}

/** "Name: value" (as curl -H): a header name token and a value without CR, LF or NUL. */
export function parseColonHeader(raw: string, flag: string): [string, string] {
  const at = raw.indexOf(':');
  if (at <= 0) throw new UserError(`${flag} ${quote(raw)} is not a header (expected "Name: value")`);
  const name = raw.slice(0, at).trim();
  const value = raw.slice(at + 1).trim();
  if (!HTTP_TOKEN.test(name))
    throw new UserError(`${flag} ${quote(raw)}: ${quote(name)} is not an HTTP header name`);
  if (!HTTP_VALUE.test(value))
    throw new UserError(`${flag} ${quote(raw)}: the value has a control character (CR, LF or NUL)`);
  return [name, value];
}

/**
 * One backend's target from its flags (and AIMON_<X>_BASIC_AUTH / _BEARER_TOKEN), or undefined when no --<x>-url was
 * given. A flag that needs the URL without it, or bad input, is one UserError naming the flag.
 */
export function backendTargetFromFlags(
  backend: BackendName,
  flags: Flags,
  env: NodeJS.ProcessEnv = process.env,
): BackendTarget | undefined {
  const { flag, env: envPrefix } = BACKENDS[backend];
  const key = (suffix: string): string =>
    `${flag}${suffix.replace(/(^|-)([a-z])/g, (_m, _d: string, c: string) => c.toUpperCase())}`;
  const value = (suffix: string): string | undefined => {
    const v = flags[key(suffix)];
    return typeof v === 'string' ? v : undefined;
  };
  const url = value('url');
  const given = [
    'header',
    'basic-auth',
    'bearer-token',
    'ca-file',
    'cert-file',
    'key-file',
    'insecure-skip-verify',
  ]
    .filter((s) => flags[key(s)] !== undefined)
    .map((s) => `--${flag}-${s}`);
  if (!url) {
    if (given.length > 0) throw new UserError(`${given[0]} needs --${flag}-url`);
    return undefined;
  }
  const target: BackendTarget = { url: checkBaseUrl(url, `--${flag}-url`) };
  const headerFlags = flags[key('header')];
  if (Array.isArray(headerFlags) && headerFlags.length > 0)
    target.headers = Object.fromEntries(headerFlags.map((h) => parseColonHeader(h, `--${flag}-header`)));
  const basic = value('basic-auth') ?? env[`${envPrefix}_BASIC_AUTH`];
  const bearer = value('bearer-token') ?? env[`${envPrefix}_BEARER_TOKEN`];
  if (basic && bearer)
    throw new UserError(`--${flag}-basic-auth and --${flag}-bearer-token: give one (both set Authorization)`);
  if (basic) {
    const at = basic.indexOf(':');
    if (at <= 0)
      throw new UserError(`--${flag}-basic-auth is not user:password (no colon after a user name)`);
    target.basicAuth = { username: basic.slice(0, at), password: basic.slice(at + 1) };
  }
  if (bearer !== undefined) {
    if (!bearer || !HTTP_VALUE.test(bearer) || /\s/.test(bearer))
      throw new UserError(`--${flag}-bearer-token is empty or has whitespace or control characters`);
    target.bearerToken = bearer;
  }
  const tls = {
    ...(value('ca-file') ? { caFile: value('ca-file') } : {}),
    ...(value('cert-file') ? { certFile: value('cert-file') } : {}),
    ...(value('key-file') ? { keyFile: value('key-file') } : {}),
    ...(flags[key('insecure-skip-verify')] ? { insecureSkipVerify: true } : {}),
  };
  if (Object.keys(tls).length > 0) {
    try {
      checkTlsFiles(tls);
    } catch (error) {
      // checkTlsFiles names the OTLP flags (--ca-file ...): name this backend's.
      if (error instanceof UserError)
        throw new UserError(error.message.replace(/--(ca|cert|key)-file/g, `--${flag}-$1-file`));
      throw error;
    }
    if (!/^https:/i.test(target.url))
      throw new UserError(`--${flag}-url ${quote(target.url)} is http://: its TLS flags need https://`);
    target.tls = tls;
  }
  return target;
}
