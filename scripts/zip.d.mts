// Types for the TypeScript tests; the project's tsconfig does not type-check JavaScript.
export declare const MAX_PACKAGE_BYTES: number;
export declare function listFiles(dir: string): string[];
export declare function buildZip(dir: string, files: string[]): Promise<Buffer>;
export declare function makeZip(options?: { dist?: string; out?: string }): Promise<{ out: string; bytes: number; files: number }>;
