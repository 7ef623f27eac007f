import { type ServerResponse } from 'node:http';
import { KubeApiError } from '../api-error.js';
import { sendJson } from './http-io.js';

export type FaultMode = 'none' | 'hang' | 'garbage' | 'error500';

/** Simulated server failures, applied before authentication as a broken network or apiserver would be. */
export class FaultInjector {
  private mode: FaultMode = 'none';
  private match: RegExp | undefined;

  set(mode: FaultMode, match?: RegExp): void {
    this.mode = mode;
    this.match = match;
  }

  /** Returns true when the request was consumed by a fault. */
  intercept(pathname: string, res: ServerResponse): boolean {
    if (this.mode === 'none' || (this.match && !this.match.test(pathname))) return false;
    switch (this.mode) {
      case 'hang':
        // Never answer: the socket stays open until the client gives up or the server stops.
        return true;
      case 'garbage':
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{"kind":"Status",\u0000<<not json>>\n');
        return true;
      case 'error500': {
        const error = new KubeApiError(500, 'InternalError', 'Internal error occurred: injected fault');
        sendJson(res, 500, error.status);
        return true;
      }
    }
  }
}
