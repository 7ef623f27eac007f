import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { describe, expect, it } from 'vitest';
import { RuntimeModule } from '../../runtime.module.js';
import { createServiceIdentity } from '../../service-identity.js';
import { Clock, ManualClock, SystemClock } from '../clock.js';

@Injectable()
class StampsThings {
  constructor(readonly clock: Clock) {}
}

@Module({ providers: [StampsThings] })
class StampingFeature {}

async function clockSeenBy(clock?: Clock): Promise<Clock> {
  const identity = createServiceIdentity('clock-test', '0.0.0');
  const moduleRef = await Test.createTestingModule({
    imports: [
      RuntimeModule.forRoot({ identity, logLevel: 'silent', ...(clock && { clock }) }),
      StampingFeature,
    ],
  }).compile();
  try {
    return moduleRef.get(StampsThings).clock;
  } finally {
    await moduleRef.close();
  }
}

describe('Clock', () => {
  it('moves a manual clock only when told, in Date and in milliseconds alike', () => {
    const clock = new ManualClock(new Date('2031-01-01T00:00:00.000Z'));

    clock.advance(1_500);
    expect(clock.now().toISOString()).toBe('2031-01-01T00:00:01.500Z');
    clock.set(Date.parse('2032-06-01T00:00:00.000Z'));
    expect(clock.nowMs()).toBe(Date.parse('2032-06-01T00:00:00.000Z'));
  });

  it('reads the system time from the system clock', () => {
    const before = Date.now();
    const read = new SystemClock().nowMs();

    expect(read).toBeGreaterThanOrEqual(before);
    expect(read).toBeLessThanOrEqual(Date.now());
  });

  it('is injected into every feature by the runtime: the system clock, or the one the process was given', async () => {
    const manual = new ManualClock();

    expect(await clockSeenBy()).toBeInstanceOf(SystemClock);
    expect(await clockSeenBy(manual)).toBe(manual);
  });
});
