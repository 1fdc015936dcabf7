import { writeOutageSuite } from './write-outage-case.js';

// A 20 s write outage at 1,000 events/s (test ~45 s). The 5 minutes: write-outage-long.test.ts.
writeOutageSuite(20, 1_000);
