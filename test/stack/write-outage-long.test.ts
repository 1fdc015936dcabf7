import { writeOutageSuite } from './write-outage-case.js';

// Issue 14's 5-minute write outage at 1,000 events/s (~7 minutes in all): only with AIMON_LONG=1.
writeOutageSuite(300, 1_000, process.env.AIMON_LONG !== '1');
