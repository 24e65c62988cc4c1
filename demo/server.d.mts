// Types for the test suite; the project's tsconfig does not type-check JavaScript.
export declare const DEFAULT_PORT: number;

export interface DemoServer {
  url: string;
  port: number;
  close(): Promise<void>;
  state: {
    devices: Map<string, { secret: string; key: Buffer; enrolledAt: string; lastStep: number | null }>;
    pending: Map<string, { secret: string; expiresAt: number }>;
    sessions: Map<string, { user: string; mfa: boolean }>;
    log: { at: string; action: string; ok: boolean; reason: string }[];
  };
}

export declare function startDemoServer(options?: {
  port?: number;
  host?: string;
  now?: () => number;
  exposeSecrets?: boolean;
}): Promise<DemoServer>;
