// Loaded by index.html beside the app (async, its own small chunk): the first reads start at
// document start instead of after the app's code has loaded and run (early-reads.ts).
import { earlyReads } from './early-reads';

void earlyReads().session.catch(() => undefined);
