// A classic script in the popup page's head, bundled alone (vite.config.ts popupBoot): the
// first reads start before the app's modules are even fetched, and the app takes them over.
import { earlyReads } from './early-reads';

earlyReads();
