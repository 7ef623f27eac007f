import { readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * `tsc -b` (the root tsconfig.json) is the only type check the test command runs: each project's tsconfig.lib.json
 * builds its sources and its tsconfig.json type-checks its tests against them. So every TypeScript file of a project
 * must belong to exactly one of the two, and the root must build every project's pair.
 */
const repoRoot = resolve(fileURLToPath(import.meta.url), '../../../..');

function readConfig(file: string): { fileNames: string[]; references: string[] } {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    file,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!parsed) throw new Error(`cannot read ${file}`);
  return {
    fileNames: parsed.fileNames.map((f) => resolve(f)),
    references: (parsed.projectReferences ?? []).map((r) => resolve(r.path)),
  };
}

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name))
    .filter(
      (f) =>
        !relative(dir, f)
          .split(/[/\\]/)
          .some((part) => part === 'node_modules' || part === 'dist'),
    );
}

const buildConfig = join(repoRoot, 'tsconfig.build.json');
const projects = readConfig(buildConfig).references.map((lib) => dirname(lib));

describe('TypeScript project layout', () => {
  it('the root tsconfig.json builds the sources and type-checks the tests of every project', () => {
    expect(readConfig(join(repoRoot, 'tsconfig.json')).references.sort()).toEqual(
      [buildConfig, ...projects.map((dir) => join(dir, 'tsconfig.json'))].sort(),
    );
  });

  it.each(projects.map((dir) => relative(repoRoot, dir)))(
    '%s: each file is in exactly one of tsconfig.lib.json and tsconfig.json, which references it',
    (project) => {
      const dir = join(repoRoot, project);
      const lib = readConfig(join(dir, 'tsconfig.lib.json'));
      const tests = readConfig(join(dir, 'tsconfig.json'));
      const count = (file: string) =>
        Number(lib.fileNames.includes(file)) + Number(tests.fileNames.includes(file));
      const wrong = typeScriptFiles(dir)
        .filter((file) => count(file) !== 1)
        .map((file) => `${relative(repoRoot, file)}: in ${count(file)}`);
      expect(wrong).toEqual([]);
      expect(tests.references).toContain(join(dir, 'tsconfig.lib.json'));
    },
  );
});
