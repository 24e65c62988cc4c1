/** zxcvbn-ts word lists imported one by one (src/popup/strength-zxcvbn.ts), without the packages' biggest lists. */
declare module '@zxcvbn-ts/language-de/dist/*.json.esm.js' {
  const words: string[];
  export default words;
}
declare module '@zxcvbn-ts/language-en/dist/*.json.mjs' {
  const words: string[];
  export default words;
}
