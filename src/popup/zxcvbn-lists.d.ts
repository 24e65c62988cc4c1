/** The strength estimate's word lists, made at build time by scripts/strength-lists.mjs. */
declare module 'virtual:strength-lists' {
  const lists: Record<string, string[]>;
  export default lists;
}
