/** Java "modified UTF-8" of a string. */
export function modifiedUtf8(text: string): Buffer;
/** String.hashCode(). */
export function javaHash(text: string): number;
/** ObjectOutputStream.writeObject(new HashMap<>(entries)) for String keys and String/Boolean values. */
export function serializeHashMap(entries: ReadonlyArray<readonly [string, string | boolean]>): Buffer;
