import { describe, expect, it } from 'vitest';
import { withoutStackDumps } from './wait-until-ready.js';

describe('withoutStackDumps', () => {
  it("keeps a Go panic's cause and drops the goroutine dump that follows it", () => {
    const log = [
      '2026-11-28T00:39:14.648Z\tpanic\tlib/fs/fs.go:288\tFATAL: cannot create lock file "/d/flock.lock": permission denied',
      'panic: FATAL: cannot create lock file "/d/flock.lock": permission denied',
      '',
      'goroutine 1 [running]:',
      'github.com/VictoriaMetrics/VictoriaMetrics/lib/logger.logMessageInternal({0xc40d54, 0x5})',
      '\t/root/go/pkg/mod/lib/logger/logger.go:329 +0x83b',
      'main.main()',
      '\t/root/go/app/victoria-logs/main.go:47 +0x185',
      '2026-11-28T00:40:00.000Z\tinfo\tstarting again',
    ];
    expect(withoutStackDumps(log)).toEqual([log[0], log[1], log[8]]);
  });
});
