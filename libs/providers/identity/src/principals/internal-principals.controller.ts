import { Body, Controller, HttpCode, HttpException, Post, UseGuards } from '@nestjs/common';
import type { z } from 'zod';
import {
  INTERNAL_PATHS,
  resolvePrincipalRequestSchema,
  verifyApiTokenRequestSchema,
  type ResolvedPrincipal,
} from '@meshplane/contracts';
import { ApiTokensService } from '../api-tokens/api-tokens.service.js';
import { InternalCallerGuard } from './internal-caller.guard.js';
import { PrincipalRejectedError } from './principal-rejection.js';
import { PrincipalResolutionService } from './principal-resolution.service.js';

/** The gateway → providers contract of `principal-resolution.ts`: plain HTTP, not part of the subgraph. */
@Controller()
@UseGuards(InternalCallerGuard)
export class InternalPrincipalsController {
  constructor(
    private readonly principals: PrincipalResolutionService,
    private readonly apiTokens: ApiTokensService,
  ) {}

  @Post(INTERNAL_PATHS.resolvePrincipal)
  @HttpCode(200)
  resolve(@Body() body: unknown): Promise<ResolvedPrincipal> {
    return answer(() => this.principals.resolve(parse(resolvePrincipalRequestSchema, body)));
  }

  @Post(INTERNAL_PATHS.verifyApiToken)
  @HttpCode(200)
  verify(@Body() body: unknown): Promise<ResolvedPrincipal> {
    return answer(async () =>
      this.principals.forApiToken(
        await this.apiTokens.verify(parse(verifyApiTokenRequestSchema, body).token),
      ),
    );
  }
}

function parse<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new HttpException(
      {
        message: 'The request does not match the internal contract',
        issues: parsed.error.issues.map(pathOf),
      },
      400,
    );
  }
  return parsed.data;
}

function pathOf(issue: z.core.$ZodIssue): string {
  return `${issue.path.join('.')}: ${issue.message}`;
}

async function answer(work: () => Promise<ResolvedPrincipal>): Promise<ResolvedPrincipal> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof PrincipalRejectedError) throw new HttpException(error.body(), error.status);
    throw error;
  }
}
