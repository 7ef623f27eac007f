import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';
import type { ExternalGenerator, ExternalGeneratorName } from './generator.js';
import type { ProcessRunner } from './process-runner.js';

export interface DetectedGenerator {
  name: ExternalGeneratorName;
  found: boolean;
  /** Absolute path of the executable when found. */
  path?: string;
  version?: string;
}

export interface DetectDependencies {
  /** The PATH to search, from the service's config (features never read the environment). */
  searchPath: string;
  runner: ProcessRunner;
  isExecutable?: (file: string) => Promise<boolean>;
}

async function executable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Finds which generators are installed (none is ever installed here) and asks each for its version. */
export async function detectGenerators(
  generators: readonly ExternalGenerator[],
  dependencies: DetectDependencies,
): Promise<DetectedGenerator[]> {
  const isExecutable = dependencies.isExecutable ?? executable;
  // Relative PATH entries would make the answer depend on the working directory.
  const dirs = dependencies.searchPath.split(delimiter).filter((dir) => dir !== '' && isAbsolute(dir));
  return Promise.all(
    generators.map(async (generator): Promise<DetectedGenerator> => {
      for (const dir of dirs) {
        const path = join(dir, generator.binary);
        if (!(await isExecutable(path))) continue;
        const output = await dependencies.runner
          .run(
            { command: path, args: generator.versionArgs, files: [] },
            { timeoutMs: 3000, maxOutputBytes: 64 * 1024 },
          )
          .catch(() => undefined);
        const version = output ? parseVersion(`${output.stdout}\n${output.stderr}`) : undefined;
        return { name: generator.name, found: true, path, ...(version ? { version } : {}) };
      }
      return { name: generator.name, found: false };
    }),
  );
}

/** The first dotted version number in a tool's banner (`wrk 4.2.0 [epoll] …`, `1.63.0`, `version: 0.5.0/…`). */
export function parseVersion(text: string): string | undefined {
  return /\b(\d+\.\d+(?:\.\d+)?(?:[-+][0-9A-Za-z.-]+)?)\b/.exec(text)?.[1];
}
