/**
 * The one name `k6/options` imports from `k6/http`. tsconfig's `paths` points `k6/http` here, so a type import from
 * `k6/options` never loads @types/k6's index and its global.d.ts (`__ENV`, `__VU`, `open`, …): those globals exist
 * only inside k6's runtime, never in this Node program (see scenarios/k6-globals.test.ts).
 */
export type CipherSuite = string;
