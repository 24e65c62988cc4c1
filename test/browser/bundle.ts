/**
 * Bundles a TypeScript module into a minified IIFE string that defines `globalName`
 * on the page, for injection with page.addScriptTag({ content }).
 */
import { build, type Rolldown } from 'vite';

export async function bundle(entry: string, globalName: string): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    mode: 'production',
    build: {
      write: false,
      minify: true,
      target: 'chrome116',
      lib: { entry, formats: ['iife'], name: globalName, fileName: globalName },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  const chunk = outputs.flatMap((o) => o.output).find((o) => o.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error(`bundling ${entry} produced no chunk`);
  return chunk.code;
}
