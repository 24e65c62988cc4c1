/**
 * The real-export corpus: exports of other apps (GPL-3.0 test data of Aegis and
 * extract_otp_secrets), read in place from ../shared/interop next to the repository and
 * never copied into it. Tests that use it are `test/*.interop.test.ts`; they run when
 * the folder exists and are skipped otherwise (test/reporters/interop.ts says so in
 * the summary).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export const INTEROP = path.resolve(__dirname, '../../shared/interop');
export const interopPresent = existsSync(path.join(INTEROP, 'expected.json'));
