import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FingerprintRule } from './fingerprint-rule.schema.js';
import { FingerprintRuleError } from './fingerprint-rule.error.js';
import { parseFingerprintRuleYaml } from './parse-fingerprint-rule.js';

/** `rules/` at the package root: the same two levels up from `src/rules/` and from `dist/rules/`. */
export const BUILT_IN_RULES_DIR = fileURLToPath(new URL('../../rules/', import.meta.url));

/**
 * Every `*.yaml` rule of `directory`, validated, sorted by mesh id. Each file must be named after its mesh id, so
 * that two files can never claim the same mesh. Throws FingerprintRuleError naming the file on the first bad one.
 */
export function loadRuleDirectory(directory: string): FingerprintRule[] {
  const files = readdirSync(directory)
    .filter((file) => file.endsWith('.yaml'))
    .sort();
  return files.map((file) => {
    const source = `rules/${file}`;
    const rule = parseFingerprintRuleYaml(readFileSync(join(directory, file), 'utf8'), source);
    if (file !== `${rule.mesh.id}.yaml`) {
      throw new FingerprintRuleError(source, [
        { field: 'mesh.id', message: `must match the file name (found "${rule.mesh.id}")` },
      ]);
    }
    return rule;
  });
}

let builtIn: readonly FingerprintRule[] | undefined;

/** The rules shipped in this package (read once). */
export function builtInRules(): readonly FingerprintRule[] {
  builtIn ??= Object.freeze(loadRuleDirectory(BUILT_IN_RULES_DIR));
  return builtIn;
}
