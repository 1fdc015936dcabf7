/**
 * The ledger file's layout, shared by the writer and the reader: RunLedger as JSON, indented as
 * JSON.stringify(_, 2) would, except `metrics`, which holds one series per line between these two lines.
 */
export const METRICS_OPEN = '  "metrics": [';
export const METRICS_CLOSE = '  ]';
