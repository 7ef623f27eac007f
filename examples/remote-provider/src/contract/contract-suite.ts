import { ContractClient, type ContractTarget } from './contract-client.js';
import { CONTRACT_CHECKS, type ContractCheck } from './contract-checks.js';

export interface ContractResult {
  name: string;
  passed: boolean;
  /** Why the check failed; the provider's answer, never a credential. */
  reason?: string;
  durationMs: number;
}

/** Runs every check against a provider; checks are independent, so one failure does not hide the others. */
export async function runContractSuite(
  target: ContractTarget,
  checks: readonly ContractCheck[] = CONTRACT_CHECKS,
): Promise<ContractResult[]> {
  const client = new ContractClient({ ...target, baseUrl: target.baseUrl.replace(/\/+$/, '') });
  const results: ContractResult[] = [];
  for (const check of checks) {
    const started = performance.now();
    try {
      await check.run(client);
      results.push({ name: check.name, passed: true, durationMs: performance.now() - started });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      results.push({ name: check.name, passed: false, reason, durationMs: performance.now() - started });
    }
  }
  return results;
}
