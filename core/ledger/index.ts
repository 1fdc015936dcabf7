/**
 * The run ledger, in one module: its types (types.ts), the seq range arithmetic (seq-ranges.ts), what the simulator
 * builds it from (record-expectations.ts, timeline.ts, metric-series-file.ts, assemble.ts), the file (writer.ts,
 * reader.ts with ledger-schema.ts) and the merging of a sharded run's ledgers (merge.ts). Import it from here.
 */
export * from './types.js';
export {
  clipRanges,
  inRanges,
  normalizeRanges,
  rangeIndexOf,
  rangeSize,
  SeqRangeSet,
  toRanges,
} from './seq-ranges.js';
export {
  plainValue,
  RecordExpectations,
  type BreakdownSpec,
  type ExpectationsDelta,
  type ExpectedRecord,
  type TaggedValue,
} from './record-expectations.js';
export { Timeline } from './timeline.js';
export { MetricSeriesWriter, readMetricSeries } from './metric-series-file.js';
export { assembleLedger, loadFigures, type LedgerInputs, type LoadDescription } from './assemble.js';
export { writeLedgerFile } from './writer.js';
export {
  parseLedgerFile,
  readLedgerFile,
  readLedgerFiles,
  validateLedger,
  type LedgerFiles,
} from './reader.js';
export { mergeLedgers, missingPartitions, partitionsOf, requireWholeRun, type LedgerPart } from './merge.js';
