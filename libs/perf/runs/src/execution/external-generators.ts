import { Inject, Injectable } from '@nestjs/common';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadResult } from '@meshplane/perf-loadgen';
import {
  detectGenerators,
  EXTERNAL_GENERATORS,
  runExternalGenerator,
  SpawnProcessRunner,
  type DetectedGenerator,
  type PerfRunOptions,
} from '@meshplane/perf-smp';
import { Clock } from '@meshplane/runtime';
import { RUNS_CONFIG, type RunsConfig } from '../config/runs.config.js';

/** How long a detection is trusted: a tool installed (or removed) on the host is noticed within this. */
const DETECTION_TTL_MS = 60_000;

/**
 * The external load generators (wrk, wrk2, fortio, Nighthawk) found on this replica's PERF_GENERATOR_PATH — none is
 * ever installed by Meshplane — and runs of them: the tool is spawned directly (no shell, an empty environment) on
 * the profile's one loopback-or-allowed target, its output normalized to the same LoadResult as Meshplane's own
 * generator. Its scratch files (scripts, output) live in a directory of the run, removed afterwards.
 */
@Injectable()
export class ExternalGenerators {
  private readonly runner = new SpawnProcessRunner();
  private detection?: { at: number; found: Promise<DetectedGenerator[]> };

  constructor(
    @Inject(RUNS_CONFIG) private readonly config: RunsConfig,
    private readonly clock: Clock,
  ) {}

  detected(): Promise<DetectedGenerator[]> {
    const now = this.clock.nowMs();
    if (!this.detection || now - this.detection.at > DETECTION_TTL_MS) {
      this.detection = {
        at: now,
        found: detectGenerators(EXTERNAL_GENERATORS, {
          searchPath: this.config.generatorPath,
          runner: this.runner,
        }),
      };
    }
    return this.detection.found;
  }

  async run(options: PerfRunOptions, signal: AbortSignal): Promise<LoadResult> {
    const detected = (await this.detected()).find((g) => g.name === options.generator);
    if (!detected?.found)
      throw new Error(`generator ${options.generator} is no longer found on this perf replica`);
    const workDir = await mkdtemp(join(tmpdir(), 'meshplane-perf-'));
    try {
      return await runExternalGenerator(detected, options, {
        runner: this.runner,
        workDir,
        now: () => this.clock.now(),
        threads: this.config.threads,
        signal,
      });
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  }
}
