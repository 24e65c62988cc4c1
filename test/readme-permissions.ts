/** The README's permission table (between `<!-- permissions-table -->` markers), parsed. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

export interface PermissionRow {
  /** Backticked names in the first cell: API permissions or match patterns. */
  names: string[];
  /** Install-prompt warnings (`;`-separated in the README), [] for "–". */
  prompt: string[];
}

export function readmePermissionRows(): PermissionRow[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const table = /<!-- permissions-table -->\n([\s\S]*?)<!-- \/permissions-table -->/.exec(readme)?.[1];
  if (!table) throw new Error('README.md has no permissions table');
  return table
    .trim()
    .split('\n')
    .slice(2)
    .map((line) => {
      const cells = line.split('|').slice(1, -1).map((c) => c.trim());
      const prompt = cells[1] === '–' ? [] : cells[1]!.split(';').map((p) => p.trim());
      return { names: [...cells[0]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!), prompt };
    });
}

export const isPattern = (name: string) => name.includes('://') || name === '<all_urls>';
