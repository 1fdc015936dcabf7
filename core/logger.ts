/** Logs go to stderr so stdout stays for results (report paths, --json). */
const debugEnabled = (): boolean =>
  /(^|,)aimon(:\*|,|$)/.test(process.env.DEBUG ?? '') || process.env.AIMON_DEBUG === '1';

export const log = {
  info(message: string): void {
    process.stderr.write(`${message}\n`);
  },
  warn(message: string): void {
    process.stderr.write(`warning: ${message}\n`);
  },
  debug(message: string): void {
    if (debugEnabled()) process.stderr.write(`debug: ${message}\n`);
  },
  isDebug: debugEnabled,
};
