import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInRules, loadRuleDirectory } from '../rules/built-in-rules.js';
import { effectiveRules, rulesWithOrigin } from '../rules/effective-rules.js';
import { FingerprintRuleError } from '../rules/fingerprint-rule.error.js';
import { parseFingerprintRule, parseFingerprintRuleYaml } from '../rules/parse-fingerprint-rule.js';
import { extractVersion, matchesPattern } from '../engine/patterns.js';

const minimal = {
  schemaVersion: 1,
  ruleVersion: 1,
  mesh: { id: 'example-mesh', name: 'Example Mesh' },
  controlPlane: [{ component: 'controller', image: '(^|/)example-controller(:|@|$)' }],
};

function issuesOf(input: unknown, source = 'rules/example-mesh.yaml') {
  try {
    parseFingerprintRule(input, source);
  } catch (error) {
    if (error instanceof FingerprintRuleError) return { message: error.message, issues: error.issues };
    throw error;
  }
  throw new Error('the rule was accepted');
}

describe('fingerprint rule schema', () => {
  it('ships one valid rule per supported mesh', () => {
    expect(builtInRules().map((rule) => rule.mesh.id)).toEqual([
      'aws-app-mesh',
      'cilium',
      'consul',
      'istio',
      'kuma',
      'linkerd',
      'network-service-mesh',
      'nginx-service-mesh',
      'open-service-mesh',
      'traefik-mesh',
    ]);
  });

  it('fills defaults for the optional sections', () => {
    expect(parseFingerprintRule(minimal, 'test')).toMatchObject({
      presence: { crdGroups: [], crdsAlone: false },
      version: [],
      dataPlane: { containers: [], annotations: [], labels: [] },
      injection: { namespaces: [] },
      controlPlane: [{ kinds: ['Deployment'], labels: [] }],
    });
  });

  it('names the source and the field of a broken regular expression', () => {
    const { message, issues } = issuesOf({
      ...minimal,
      controlPlane: [{ component: 'controller', image: '(unclosed' }],
    });

    expect(issues).toEqual([
      {
        field: 'controlPlane[0].image',
        message: expect.stringMatching(/^is not a valid regular expression/),
      },
    ]);
    expect(message).toMatch(
      /^rules\/example-mesh\.yaml: controlPlane\[0\]\.image: is not a valid regular expression/,
    );
  });

  it.each([
    [
      'a backreference',
      'controlPlane',
      { component: 'controller', image: '(a)\\1' },
      'controlPlane[0].image',
    ],
    ['a lookahead', 'controlPlane', { component: 'controller', image: 'x(?=y)' }, 'controlPlane[0].image'],
    ['a lookbehind', 'version', { from: 'image', pattern: '(?<=:)(?<version>\\d+)' }, 'version[0].pattern'],
  ])(
    'refuses %s, which the linear-time engine cannot run, naming the field',
    (_case, section, entry, field) => {
      const { issues } = issuesOf({ ...minimal, [section]: [entry] });

      expect(issues).toEqual([
        {
          field,
          message: expect.stringMatching(
            /^is not a valid regular expression for the linear-time \(RE2\) engine/,
          ),
        },
      ]);
    },
  );

  it('accepts a pattern that backtracks exponentially in JavaScript, and runs it in linear time', () => {
    const rule = parseFingerprintRule(
      { ...minimal, controlPlane: [{ component: 'controller', image: '^(a+)+$' }] },
      'tenant',
    );
    const [controller] = rule.controlPlane;
    // A backtracking engine would not return before the test's timeout on this input.
    expect(matchesPattern(controller?.image, `${'a'.repeat(50)}!`)).toBe(false);
    expect(matchesPattern(controller?.image, 'a'.repeat(50))).toBe(true);
    expect(extractVersion('^(?:a+)+:(?<version>\\d+\\.\\d+)$', `${'a'.repeat(5000)}:1.2`)).toBe('1.2');
    expect(extractVersion('^(a+)+:(?<version>\\d+)$', `${'a'.repeat(5000)}!`)).toBeUndefined();
  });

  it('refuses a version pattern without a named version group', () => {
    const { issues } = issuesOf({ ...minimal, version: [{ from: 'image', pattern: ':(\\d+\\.\\d+)' }] });

    expect(issues).toEqual([
      { field: 'version[0].pattern', message: 'must capture the version in a named group (?<version>…)' },
    ]);
  });

  it('refuses a version source naming a component the rule does not define', () => {
    const { issues } = issuesOf({
      ...minimal,
      version: [{ from: 'image', component: 'pilot', pattern: ':(?<version>.+)' }],
    });

    expect(issues).toEqual([
      { field: 'version[0].component', message: 'names no control-plane component (known: controller)' },
    ]);
  });

  it('refuses unknown fields, another schema version and a rule that can never match', () => {
    const { issues } = issuesOf({
      schemaVersion: 2,
      ruleVersion: 0,
      mesh: { id: 'Bad Id', name: 'x', colour: 'blue' },
    });

    expect(issues.map((issue) => issue.field).sort()).toEqual([
      'mesh',
      'mesh.id',
      'ruleVersion',
      'schemaVersion',
    ]);
    expect(issues.find((issue) => issue.field === 'mesh')?.message).toMatch(/colour/);
  });

  it('refuses a rule with neither control-plane nor data-plane matchers', () => {
    const { issues } = issuesOf({ schemaVersion: 1, ruleVersion: 1, mesh: { id: 'empty', name: 'Empty' } });

    expect(issues).toEqual([{ field: 'controlPlane', message: expect.stringMatching(/can never detect/) }]);
  });

  it('names the file and line of a YAML syntax error', () => {
    expect(() =>
      parseFingerprintRuleYaml('schemaVersion: 1\nmesh: [unclosed\n', 'rules/broken.yaml'),
    ).toThrow(/^rules\/broken\.yaml: line \d+: /);
  });

  it('refuses a rule file not named after its mesh id', () => {
    const directory = mkdtempSync(join(tmpdir(), 'fingerprint-rules-'));
    writeFileSync(
      join(directory, 'other.yaml'),
      'schemaVersion: 1\nruleVersion: 1\nmesh: {id: example-mesh, name: Example}\ndataPlane: {containers: [{name: "^example-proxy$"}]}\n',
    );

    expect(() => loadRuleDirectory(directory)).toThrow(
      'rules/other.yaml: mesh.id: must match the file name (found "example-mesh")',
    );
  });
});

describe('effective rules', () => {
  const [istio] = builtInRules().filter((rule) => rule.mesh.id === 'istio');
  if (!istio) throw new Error('the built-in Istio rule is missing');

  it('lets a registered rule with a higher ruleVersion replace the built-in one', () => {
    const newer = { ...istio, ruleVersion: istio.ruleVersion + 1 };

    const rules = effectiveRules(builtInRules(), [newer]);

    expect(rules.filter((rule) => rule.mesh.id === 'istio')).toEqual([newer]);
    expect(
      rulesWithOrigin(builtInRules(), [newer]).filter((entry) => entry.rule.mesh.id === 'istio'),
    ).toEqual([
      { rule: istio, origin: 'built-in', active: false },
      { rule: newer, origin: 'registered', active: true },
    ]);
  });

  it('keeps the built-in rule over a registered one that is not newer', () => {
    const stale = { ...istio, mesh: { ...istio.mesh, name: 'Stale' } };

    expect(effectiveRules(builtInRules(), [stale]).filter((rule) => rule.mesh.id === 'istio')).toEqual([
      istio,
    ]);
  });

  it("layers the operator's platform rules between the built-in and the organization's own, highest version in force", () => {
    const platform = {
      ...istio,
      ruleVersion: istio.ruleVersion + 1,
      mesh: { ...istio.mesh, name: 'Platform' },
    };
    const older = {
      ...istio,
      ruleVersion: istio.ruleVersion + 1,
      mesh: { ...istio.mesh, name: 'Org, same version' },
    };
    const newer = {
      ...istio,
      ruleVersion: istio.ruleVersion + 2,
      mesh: { ...istio.mesh, name: 'Org, newer' },
    };
    const istioOf = (registered: (typeof istio)[]) =>
      rulesWithOrigin(builtInRules(), registered, [platform])
        .filter((entry) => entry.rule.mesh.id === 'istio')
        .map((entry) => [entry.origin, entry.rule.mesh.name, entry.active]);

    // The platform rule replaces the built-in one for every organization…
    expect(istioOf([])).toEqual([
      ['built-in', istio.mesh.name, false],
      ['platform', 'Platform', true],
    ]);
    // …an organization's rule of the same version does not replace it, a newer one does.
    expect(istioOf([older])).toEqual([
      ['built-in', istio.mesh.name, false],
      ['platform', 'Platform', true],
      ['registered', 'Org, same version', false],
    ]);
    expect(effectiveRules(builtInRules(), [newer], [platform]).filter((r) => r.mesh.id === 'istio')).toEqual([
      newer,
    ]);
    // A platform rule not above the built-in one never applies.
    expect(
      effectiveRules(builtInRules(), [], [{ ...istio, mesh: { ...istio.mesh, name: 'Stale' } }]).filter(
        (r) => r.mesh.id === 'istio',
      ),
    ).toEqual([istio]);
  });

  it('adds registered rules for meshes without a built-in rule', () => {
    const extra = parseFingerprintRule(minimal, 'test');

    expect(effectiveRules(builtInRules(), [extra]).map((rule) => rule.mesh.id)).toContain('example-mesh');
  });
});
