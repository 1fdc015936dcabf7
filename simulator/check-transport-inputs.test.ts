import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../core/errors.js';
import { checkEndpoint, checkHeaders, checkTlsFiles } from './check-transport-inputs.js';

/** A self-signed P-256 certificate (CN aimon-test, valid to 2126) and its key: test data only. */
const CERT = `-----BEGIN CERTIFICATE-----
MIIBgTCCASegAwIBAgIUKtSr/B8BIAHbDDD8HAFyoMAFmSgwCgYIKoZIzj0EAwIw
FTETMBEGA1UEAwwKYWltb24tdGVzdDAgFw0yNjExMjgwMDQ2MDhaGA8yMTI2MTEw
NDAwNDYwOFowFTETMBEGA1UEAwwKYWltb24tdGVzdDBZMBMGByqGSM49AgEGCCqG
SM49AwEHA0IABJcTpxuT6VM7y+qh1j6AeIYVhIU7eBtjez42BKh0J8ULmiyCOEZE
D+5+Mr0kcud+1sAbJ3wLUcJk7z/7wjfQCEyjUzBRMB0GA1UdDgQWBBQnmqqb7fTE
OOyWJw2nObk7Rsx7CTAfBgNVHSMEGDAWgBQnmqqb7fTEOOyWJw2nObk7Rsx7CTAP
BgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIBYkWbBV6dxPDe2W9+xn
TKzNMU6YZRJx/AXZdudwYop+AiEAlHFHivCcu98DcHGfu+jqpwhlbfmkpjVNg7iU
rYL8ghg=
-----END CERTIFICATE-----
`;
const KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgpfgUACt6jWvRIZ/c
moZ0nXU70CCQSEWkz+JLBwa0HV2hRANCAASXE6cbk+lTO8vqodY+gHiGFYSFO3gb
Y3s+NgSodCfFC5osgjhGRA/ufjK9JHLnftbAGyd8C1HCZO8/+8I30AhM
-----END PRIVATE KEY-----
`;

/** The one-line message a check throws (and that it is a UserError, exit 2). */
function messageOf(check: () => void): string {
  try {
    check();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected a UserError');
}

describe('checkHeaders', () => {
  it('accepts ordinary headers over both protocols', () => {
    const headers = { Authorization: 'Bearer abc', 'x-scope-orgid': 'team-1', 'X-Tab': 'a\tb' };
    expect(() =>
      checkHeaders({ Authorization: 'Bearer abc', 'x-scope-orgid': 'team-1' }, 'grpc'),
    ).not.toThrow();
    expect(() => checkHeaders(headers, 'http')).not.toThrow();
  });

  it('refuses a gRPC metadata key with a space, and a value with CR/LF, on one line', () => {
    expect(messageOf(() => checkHeaders({ 'a b': 'c' }, 'grpc'))).toBe(
      '--header "a b=c": "a b" is not a gRPC metadata key (letters, digits, - _ . only, no spaces)',
    );
    expect(messageOf(() => checkHeaders({ a: 'b\r\nc' }, 'grpc'))).toMatch(
      /^--header "a=b\\r\\nc": the value has a character gRPC metadata cannot carry/,
    );
    expect(messageOf(() => checkHeaders({ 'trace-bin': 'x' }, 'grpc'))).toContain('binary metadata');
    expect(messageOf(() => checkHeaders({ 'grpc-timeout': '1S' }, 'grpc'))).toContain('set by gRPC itself');
  });

  it('refuses an HTTP header name with a space, a value with CR/LF, and framing headers', () => {
    expect(messageOf(() => checkHeaders({ 'X Org': 'a' }, 'http'))).toMatch(
      /^--header "X Org=a": "X Org" is not an HTTP header name/,
    );
    expect(messageOf(() => checkHeaders({ 'X-Org': 'a\r\nInjected: 1' }, 'http'))).toMatch(
      /the value has a control character/,
    );
    expect(messageOf(() => checkHeaders({ 'Content-Length': '1' }, 'http'))).toContain(
      'set by the HTTP client itself',
    );
  });
});

describe('checkEndpoint', () => {
  it('accepts what the sinks accept', () => {
    for (const e of ['127.0.0.1:4317', 'collector.local:4317', '[::1]:4317', 'http://127.0.0.1:4317/'])
      expect(() => checkEndpoint(e, 'grpc')).not.toThrow();
    for (const e of ['http://127.0.0.1:4318', 'https://otel.example.com', '[::1]:4318', 'http://h:4318/otlp'])
      expect(() => checkEndpoint(e, 'http')).not.toThrow();
  });

  it('refuses ports outside 1–65535', () => {
    expect(messageOf(() => checkEndpoint('127.0.0.1:99999', 'grpc'))).toBe(
      '--endpoint "127.0.0.1:99999": port 99999 is not a port (expected 1 to 65535)',
    );
    expect(messageOf(() => checkEndpoint('[::1]:0', 'grpc'))).toContain('port 0 is not a port');
    expect(messageOf(() => checkEndpoint('http://127.0.0.1:99999', 'http'))).toContain(
      'port 99999 is not a port',
    );
  });

  it('refuses what is not a URL or not host:port', () => {
    expect(messageOf(() => checkEndpoint('http://[::1', 'http'))).toBe(
      '--endpoint "http://[::1" is not a URL (expected e.g. http://127.0.0.1:4318)',
    );
    expect(messageOf(() => checkEndpoint('http://[::1', 'grpc'))).toContain('is not a gRPC endpoint');
    expect(messageOf(() => checkEndpoint('localhost', 'grpc'))).toContain('is not a gRPC endpoint');
    expect(messageOf(() => checkEndpoint('localhost', 'http'))).toContain('is not an HTTP endpoint');
    expect(messageOf(() => checkEndpoint('ftp://h:21', 'http'))).toContain('ftp is not http or https');
    expect(messageOf(() => checkEndpoint('http://u:p@h:4318', 'http'))).toContain('credentials');
  });
});

describe('checkTlsFiles', () => {
  let dir: string;
  const file = (name: string): string => join(dir, name);
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aimon-tls-'));
    const other = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    await Promise.all([
      writeFile(file('cert.pem'), CERT),
      writeFile(file('key.pem'), KEY),
      writeFile(file('other-key.pem'), other.privateKey.export({ type: 'pkcs8', format: 'pem' })),
      writeFile(file('not-pem.txt'), 'hello\n'),
      writeFile(
        file('broken.pem'),
        '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n',
      ),
    ]);
  });

  it('accepts a CA and a matching client certificate and key', () => {
    expect(() =>
      checkTlsFiles({ caFile: file('cert.pem'), certFile: file('cert.pem'), keyFile: file('key.pem') }),
    ).not.toThrow();
  });

  it('refuses a certificate without its key, and a key without its certificate', () => {
    expect(messageOf(() => checkTlsFiles({ certFile: file('cert.pem') }))).toBe(
      '--cert-file needs --key-file: a client certificate is sent with its private key',
    );
    expect(messageOf(() => checkTlsFiles({ keyFile: file('key.pem') }))).toMatch(
      /^--key-file needs --cert-file/,
    );
  });

  it('refuses a CA file that is not PEM, or whose PEM is no certificate', () => {
    expect(messageOf(() => checkTlsFiles({ caFile: file('not-pem.txt') }))).toBe(
      `--ca-file ${file('not-pem.txt')} is not a PEM certificate (no "-----BEGIN CERTIFICATE-----" line)`,
    );
    expect(messageOf(() => checkTlsFiles({ caFile: file('broken.pem') }))).toMatch(
      /holds no valid certificate/,
    );
    expect(messageOf(() => checkTlsFiles({ caFile: file('absent.pem') }))).toBe(
      `--ca-file ${file('absent.pem')} does not exist`,
    );
  });

  it('refuses a key that is not PEM or not the certificate’s', () => {
    expect(messageOf(() => checkTlsFiles({ certFile: file('cert.pem'), keyFile: file('cert.pem') }))).toMatch(
      /is not a PEM private key/,
    );
    expect(
      messageOf(() => checkTlsFiles({ certFile: file('cert.pem'), keyFile: file('other-key.pem') })),
    ).toMatch(/is not the private key of --cert-file/);
  });
});
