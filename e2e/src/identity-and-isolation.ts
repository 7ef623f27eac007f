import { buildClientSchema, getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import { expect } from 'vitest';
import {
  BeginLoginDocument,
  CompleteLoginDocument,
  LoginDocument,
  type LoginMutation,
} from '@meshplane/client';
import {
  clientOf,
  credentialHeaders,
  graphql,
  type Credentials,
  type GraphqlResponse,
} from './harness/graphql-client.js';
import { isolationCases, type MatrixCase } from './harness/isolation-matrix.js';

export type TokenPair = LoginMutation['login'];

/** Asserts a GraphQL answer carried no error and returns its data. */
export function dataOf<T>(response: GraphqlResponse<T>, what: string): T {
  expect(response.errors, `${what}: ${JSON.stringify(response.errors)}`).toBeUndefined();
  if (response.data === undefined) throw new Error(`${what}: no data`);
  return response.data;
}

export async function localLogin(url: string, email: string, password: string): Promise<TokenPair> {
  return (await clientOf(url).request(LoginDocument, { provider: 'local', email, password })).login;
}

export async function remoteLogin(
  url: string,
  provider: string,
  signIn: (authorizationUrl: string) => Promise<URL>,
): Promise<TokenPair> {
  const client = clientOf(url);
  const begun = (await client.request(BeginLoginDocument, { provider })).beginLogin;
  const redirect = await signIn(begun.authorizationUrl);
  const completed = await client.request(CompleteLoginDocument, {
    provider,
    code: redirect.searchParams.get('code') ?? '',
    state: redirect.searchParams.get('state') ?? '',
  });
  return completed.completeLogin;
}

/** The composed API schema, as the gateway serves it. */
export async function composedSchema(url: string, credentials: Credentials) {
  const res = await graphql<IntrospectionQuery>(url, getIntrospectionQuery(), {}, credentials);
  return buildClientSchema(dataOf(res, 'introspection'));
}

/** Every id-like value in a response (fields named id or *Id holding a UUID). */
export function idsIn(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) idsIn(item, into);
  else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (/(^id$|Id$)/.test(key) && typeof inner === 'string' && UUID.test(inner)) into.add(inner);
      else idsIn(inner, into);
    }
  }
  return into;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Queries answerable without arguments the caller must invent: what a tenant can list about itself. */
export function listingCases(schema: ReturnType<typeof buildClientSchema>): MatrixCase[] {
  return isolationCases(schema, { foreignIds: [], text: '', skip: new Map() }).filter(
    (c) => c.kind === 'query' && Object.keys(c.variables).length === 0,
  );
}

export interface CaseOutcome {
  case: MatrixCase;
  status: number;
  body: string;
}

export async function runCase(
  url: string,
  matrixCase: MatrixCase,
  credentials: Credentials,
): Promise<CaseOutcome> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...credentialHeaders(credentials) },
    body: JSON.stringify({ query: matrixCase.document, variables: matrixCase.variables }),
    signal: AbortSignal.timeout(30_000),
  });
  return { case: matrixCase, status: response.status, body: await response.text() };
}

/**
 * Runs the cases a few at a time (the matrix is hundreds of calls: one after another it took 85 s of a 120 s test on a
 * loaded machine), and gives their outcomes in the cases' order.
 */
export async function runCases(
  url: string,
  cases: readonly MatrixCase[],
  credentials: Credentials,
  concurrency = 4,
): Promise<CaseOutcome[]> {
  const outcomes: CaseOutcome[] = new Array<CaseOutcome>(cases.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < cases.length; i = next++)
      outcomes[i] = await runCase(url, cases[i], credentials);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, cases.length) }, worker));
  return outcomes;
}

/** What must hold for every call of the matrix: a client-side answer, nothing internal, nothing of the other tenant. */
export function violationsOf(outcome: CaseOutcome, foreign: readonly string[]): string[] {
  const problems: string[] = [];
  const label = `${outcome.case.kind} ${outcome.case.field} ${JSON.stringify(outcome.case.variables).slice(0, 200)}`;
  if (outcome.status >= 500) problems.push(`${label}: HTTP ${outcome.status}`);
  if (outcome.body.includes('INTERNAL_SERVER_ERROR'))
    problems.push(`${label}: internal error ${outcome.body.slice(0, 300)}`);
  const leaked = foreign.filter(
    (marker) => outcome.body.includes(marker) && !JSON.stringify(outcome.case.variables).includes(marker),
  );
  const echoed = foreign.filter(
    (marker) => outcome.body.includes(marker) && JSON.stringify(outcome.case.variables).includes(marker),
  );
  if (leaked.length > 0)
    problems.push(`${label}: leaked ${leaked.join(', ')}: ${outcome.body.slice(0, 300)}`);
  // An id the caller sent may come back only inside an error message naming it, never as data.
  if (echoed.length > 0 && dataMentions(outcome.body, echoed))
    problems.push(`${label}: returned data for ${echoed.join(', ')}`);
  return problems;
}

function dataMentions(body: string, markers: string[]): boolean {
  try {
    const parsed = JSON.parse(body) as { data?: unknown };
    const data = JSON.stringify(parsed.data ?? null);
    return markers.some((marker) => data.includes(marker));
  } catch {
    return false;
  }
}
