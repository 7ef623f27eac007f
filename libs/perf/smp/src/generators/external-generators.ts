import type { LoadResult } from '@meshplane/perf-loadgen';
import type { PerfRunOptions } from '../run-options.js';
import type { DetectedGenerator } from './detect.js';
import { FortioGenerator } from './fortio.js';
import { GeneratorOutputError, type ExternalGenerator, type ExternalGeneratorName } from './generator.js';
import { NighthawkGenerator } from './nighthawk.js';
import type { ProcessRunner } from './process-runner.js';
import { WrkGenerator } from './wrk.js';

export const EXTERNAL_GENERATORS: readonly ExternalGenerator[] = [
  new WrkGenerator('wrk'),
  new WrkGenerator('wrk2'),
  new FortioGenerator(),
  new NighthawkGenerator(),
];

export function externalGenerator(name: ExternalGeneratorName): ExternalGenerator {
  return EXTERNAL_GENERATORS.find((generator) => generator.name === name) as ExternalGenerator;
}

export interface ExternalRunDependencies {
  runner: ProcessRunner;
  workDir: string;
  now: () => Date;
  threads?: number;
  signal?: AbortSignal;
}

/**
 * Runs one detected tool with our options and normalizes its output. Everything that can be refused (a non-loopback
 * target, options the tool cannot honour) is refused while building the command, before anything starts.
 */
export async function runExternalGenerator(
  detected: DetectedGenerator,
  options: PerfRunOptions,
  dependencies: ExternalRunDependencies,
): Promise<LoadResult> {
  const generator = externalGenerator(detected.name);
  if (!detected.found || !detected.path) throw new GeneratorOutputError(detected.name, 'not found on PATH');
  const plan = generator.buildCommand(options, {
    executable: detected.path,
    workDir: dependencies.workDir,
    ...(dependencies.threads ? { threads: dependencies.threads } : {}),
  });
  const startedAt = dependencies.now().toISOString();
  const output = await dependencies.runner.run(plan, {
    // The run's own length plus time to start and to print.
    timeoutMs: options.durationMs + 30_000,
    maxOutputBytes: 16 * 1024 * 1024,
    ...(dependencies.signal ? { signal: dependencies.signal } : {}),
  });
  if (output.timedOut) throw new GeneratorOutputError(detected.name, 'did not finish in time');
  if (output.exitCode !== 0) {
    throw new GeneratorOutputError(
      detected.name,
      `exited with ${output.exitCode ?? output.signal}: ${output.stderr.slice(0, 500)}`,
    );
  }
  return generator.parseOutput(output.stdout, {
    startedAt,
    url: options.endpoints[0] as string,
    method: options.method,
    connections: options.connections,
    ...(options.rate !== undefined ? { targetRate: options.rate } : {}),
    ...(detected.version ? { version: detected.version } : {}),
  });
}
