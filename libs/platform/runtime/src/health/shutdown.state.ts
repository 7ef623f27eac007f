import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';

/** Flips /readyz to 503 as soon as shutdown starts, so load balancers stop routing here before we drain. */
@Injectable()
export class ShutdownState implements BeforeApplicationShutdown {
  stopping = false;

  beforeApplicationShutdown(): void {
    this.stopping = true;
  }
}
