import type { Page as PlaywrightPage } from 'playwright-core';
import type { Page as PuppeteerPage } from 'puppeteer-core';

export interface Endpoint {
  name: string;
  read(): Promise<Record<string, unknown>>;
  write(set: Record<string, unknown>, remove: string[]): Promise<void>;
  /** Calls `notify` when the profile's storage.sync changes (otherwise it is polled). */
  watch?(notify: () => void): Promise<void>;
}

export function chromiumEndpoint(name: string, page: PlaywrightPage): Endpoint;
export function firefoxEndpoint(name: string, page: PuppeteerPage): Endpoint;

export class SyncCarrier {
  constructor(endpoints: Endpoint[], pollMs?: number);
  delivered: number;
  start(): Promise<void>;
  stop(): Promise<void>;
  setOffline(name: string, offline: boolean): void;
  cycle(): Promise<void>;
  settle(): Promise<void>;
  serverItems(): Record<string, unknown>;
}
