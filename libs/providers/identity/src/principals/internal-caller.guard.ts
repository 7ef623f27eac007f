import {
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { Request } from 'express';
import { INTERNAL_CONTEXT_HEADER, verifyInternalContext } from '@meshplane/auth';
import { INTERNAL_ENDPOINTS_AUDIENCE } from '@meshplane/contracts';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config/identity.config.js';

/**
 * The internal endpoints answer the gateway only, calling as a service: a signed context of kind
 * `service` for `providers`. No context, a user's context (even one the gateway signed for providers'
 * GraphQL) or one signed for another service gets a bare 401.
 */
@Injectable()
export class InternalCallerGuard implements CanActivate {
  constructor(@Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<Request>().headers[INTERNAL_CONTEXT_HEADER];
    try {
      verifyInternalContext(
        typeof header === 'string' ? header : undefined,
        this.config.INTERNAL_CONTEXT_SECRET,
        { audience: INTERNAL_ENDPOINTS_AUDIENCE, kind: 'service' },
      );
      return true;
    } catch {
      throw new UnauthorizedException('This endpoint only answers the Meshplane gateway');
    }
  }
}
