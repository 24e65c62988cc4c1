// Types for the test suite; the project's tsconfig does not type-check JavaScript.
export declare function browserCandidates(env: Record<string, string | undefined>, platform: NodeJS.Platform): string[];
export declare function findBrowser(
  env?: Record<string, string | undefined>,
  platform?: NodeJS.Platform,
  exists?: (file: string) => boolean,
): string | null;
export declare function isBrandedChrome(file: string): boolean;
