// The minified build of tldts (see site-policy.ts) has the package's own API and types.
declare module 'tldts/dist/index.esm.min.js' {
  export * from 'tldts';
}
