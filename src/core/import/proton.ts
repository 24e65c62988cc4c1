/**
 * Proton Authenticator's unencrypted export: `{version, entries[{content:{uri,
 * entry_type, name}}]}`. The URI carries the parameters; the name shown in Proton
 * is `content.name`, which wins over the URI's label.
 */
import { OttoError } from '../errors';
import { type Json, isRecord } from './bytes';
import { Entries, describeEntry, eachEntry, list, record, text } from './entries';
import { parseAnyUri } from './otpauth-list';
import { type ImportResult, result } from './result';

export function isProton(json: unknown): json is Json {
  return isRecord(json) && Array.isArray(json.entries) && json.entries.some((e) => isRecord(e) && isRecord(e.content));
}

export function readProton(json: Json): ImportResult {
  const entries = new Entries();
  eachEntry(entries, list(json.entries, 'entries'), (e, i) => {
    const content = isRecord(e.content) ? e.content : {};
    entries.add(describeEntry('entry', i, content.name, undefined), () => {
      const c = record(e, 'content');
      const uri = text(c, 'uri');
      if (!uri) throw new OttoError('protonNoUri');
      const name = text(c, 'name');
      return parseAnyUri(uri).map((d) => (name ? { ...d, label: name.trim() } : d));
    });
  });
  return result({ app: 'Proton Authenticator' }, entries);
}
