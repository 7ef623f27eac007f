import { isDeepStrictEqual } from 'node:util';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ValidationFailedError } from '@meshplane/graphql';
import { Clock } from '@meshplane/runtime';
import { builtInRules } from './built-in-rules.js';
import { effectiveRules, rulesWithOrigin, type RuleWithOrigin } from './effective-rules.js';
import type { FingerprintRule } from './fingerprint-rule.schema.js';
import { FingerprintRuleError } from './fingerprint-rule.error.js';
import { FingerprintRulesRepository } from './fingerprint-rules.repository.js';
import { parseFingerprintRule } from './parse-fingerprint-rule.js';

export interface ListedRule extends RuleWithOrigin {
  /** Registered rules only. */
  registeredAt: Date | null;
}

/** Built-in rules plus the ones adapters register per organization. */
@Injectable()
export class FingerprintRulesService {
  private readonly logger = new Logger(FingerprintRulesService.name);

  constructor(
    private readonly repository: FingerprintRulesRepository,
    private readonly clock: Clock,
  ) {}

  async list(orgId: string): Promise<ListedRule[]> {
    const { stored, platform } = await this.repository.inOrg(orgId, async (manager) => ({
      stored: await this.stored(manager),
      platform: await this.platform(manager),
    }));
    const registeredAt = new Map(stored.map(({ entity }) => [entity.meshId, entity.registeredAt]));
    const platformAt = new Map(platform.map(({ entity }) => [entity.meshId, entity.registeredAt]));
    return rulesWithOrigin(
      builtInRules(),
      stored.map(({ rule }) => rule),
      platform.map(({ rule }) => rule),
    ).map((entry) => ({
      ...entry,
      registeredAt:
        entry.origin === 'registered'
          ? (registeredAt.get(entry.rule.mesh.id) ?? null)
          : entry.origin === 'platform'
            ? (platformAt.get(entry.rule.mesh.id) ?? null)
            : null,
    }));
  }

  /** The rules one org evaluates, read inside the caller's tenant transaction. */
  async effective(manager: EntityManager): Promise<FingerprintRule[]> {
    return effectiveRules(
      builtInRules(),
      (await this.stored(manager)).map(({ rule }) => rule),
      (await this.platform(manager)).map(({ rule }) => rule),
    );
  }

  /**
   * Stores a rule for one org (`orgId`), or for every org (`null`: an operator's adapter, a platform rule).
   * Re-registering the same rule is a no-op (adapters register on every start); changing a rule needs a higher
   * ruleVersion, and a rule for a built-in mesh must be newer than the built-in one, or it would never apply.
   * `stored` is false when the very same rule was already there.
   */
  async register(
    orgId: string | null,
    registeredBy: string,
    input: unknown,
  ): Promise<ListedRule & { stored: boolean }> {
    const rule = validated(input);
    const shipped = builtInRules().find((candidate) => candidate.mesh.id === rule.mesh.id);
    if (shipped && rule.ruleVersion <= shipped.ruleVersion) {
      throw new ValidationFailedError(
        'rule.ruleVersion',
        `must be higher than the built-in ${shipped.mesh.id} rule's ${shipped.ruleVersion} to override it`,
      );
    }
    let stored = true;
    const keep = async (existing: { rule: unknown; ruleVersion: number } | null, where: string) => {
      if (!existing) return;
      if (isDeepStrictEqual(existing.rule, rule)) {
        stored = false;
        return;
      }
      if (rule.ruleVersion <= existing.ruleVersion) {
        throw new ValidationFailedError(
          'rule.ruleVersion',
          `must be higher than the ${where} ${rule.mesh.id} rule's ${existing.ruleVersion} to change it`,
        );
      }
    };
    const fields = {
      meshId: rule.mesh.id,
      ruleVersion: rule.ruleVersion,
      rule: rule as unknown as Record<string, unknown>,
      registeredBy,
      registeredAt: this.clock.now(),
    };
    const registeredAt =
      orgId === null
        ? await this.repository.inPlatform(async (manager) => {
            const existing = await this.repository.platformFindForUpdate(manager, rule.mesh.id);
            await keep(existing, 'platform');
            return !stored && existing
              ? existing.registeredAt
              : (await this.repository.platformSave(manager, fields)).registeredAt;
          })
        : await this.repository.inOrg(orgId, async (manager) => {
            const existing = await this.repository.findForUpdate(manager, orgId, rule.mesh.id);
            await keep(existing, 'registered');
            return !stored && existing
              ? existing.registeredAt
              : (await this.repository.save(manager, { orgId, ...fields })).registeredAt;
          });
    return {
      rule,
      origin: orgId === null ? 'platform' : 'registered',
      active: !shipped || rule.ruleVersion > shipped.ruleVersion,
      registeredAt,
      stored,
    };
  }

  private async stored(manager: EntityManager) {
    return this.parsed(await this.repository.all(manager), 'registered');
  }

  private async platform(manager: EntityManager) {
    return this.parsed(await this.repository.platformAll(manager), 'platform');
  }

  /** Stored rules parsed again; one stored under an older schema is skipped with a warning. */
  private parsed<E extends { meshId: string; rule: Record<string, unknown> }>(entities: E[], layer: string) {
    return entities.flatMap((entity) => {
      try {
        return [{ entity, rule: parseFingerprintRule(entity.rule, `${layer} rule ${entity.meshId}`) }];
      } catch (error) {
        // A rule stored under an older schema must not stop detection of every other mesh.
        this.logger.warn(`Skipping ${error instanceof Error ? error.message : String(error)}`);
        return [];
      }
    });
  }
}

function validated(input: unknown): FingerprintRule {
  try {
    return parseFingerprintRule(input, 'rule');
  } catch (error) {
    if (!(error instanceof FingerprintRuleError)) throw error;
    const [first] = error.issues;
    const field = first && first.field !== '(rule)' ? `rule.${first.field}` : 'rule';
    const message = error.issues.map((issue) => `${issue.field}: ${issue.message}`).join('; ');
    throw new ValidationFailedError(field, message);
  }
}
