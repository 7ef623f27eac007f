import type { GeneratorName, LoadResult } from '@meshplane/perf-loadgen';
import type { PerfRunOptions } from '../run-options.js';

export type ExternalGeneratorName = Exclude<GeneratorName, 'meshplane'>;

/** A program to start: an absolute executable and its arguments, never a shell line. */
export interface CommandPlan {
  command: string;
  args: string[];
  /** Files to write before starting (e.g. wrk's Lua script for a method and body), absolute paths. */
  files: { path: string; content: string }[];
}

export interface BuildContext {
  /** The executable found by detection. */
  executable: string;
  /** A private directory for files the command needs. */
  workDir: string;
  /** Threads for tools that take a thread count (wrk, wrk2); defaults to min(connections, 2). */
  threads?: number;
}

export interface ParseContext {
  /** When the run started (the tools do not all say). */
  startedAt: string;
  url: string;
  method: string;
  /** The rate asked for (open model), which not every tool repeats in its output. */
  targetRate?: number;
  connections?: number;
  version?: string;
}

/**
 * One external load generator: how it is found, how its command line is built from our options, and how its output
 * becomes a LoadResult. Implementations are pure; spawning lives in the process runner.
 */
export interface ExternalGenerator {
  readonly name: ExternalGeneratorName;
  /** The executable's name on PATH. */
  readonly binary: string;
  readonly versionArgs: string[];
  /** Throws a GeneratorOptionsError for options the tool cannot honour, TargetNotAllowedError for a non-loopback URL. */
  buildCommand(options: PerfRunOptions, context: BuildContext): CommandPlan;
  parseOutput(stdout: string, context: ParseContext): LoadResult;
}

export class GeneratorOptionsError extends Error {
  readonly code = 'PERF_GENERATOR_OPTIONS';

  constructor(generator: string, message: string) {
    super(`${generator}: ${message}`);
    this.name = 'GeneratorOptionsError';
  }
}

export class GeneratorOutputError extends Error {
  readonly code = 'PERF_GENERATOR_OUTPUT';

  constructor(generator: string, message: string) {
    super(`${generator} output: ${message}`);
    this.name = 'GeneratorOutputError';
  }
}
