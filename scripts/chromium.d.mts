// Types for the TypeScript tests; the project's tsconfig does not type-check JavaScript.
export declare const CHROMIUM: string;
export declare function chromiumArgs(dist?: string): string[];
