import { writeOutageSuite } from './write-outage-case.js';

// A 30 s write outage at 1,000 events/s (test ~60 s). The 5 minutes: write-outage-long.test.ts.
writeOutageSuite(30, 1_000);
