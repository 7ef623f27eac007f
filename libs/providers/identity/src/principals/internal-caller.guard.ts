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
import type { ServiceEnv } from '@meshplane/config';
import { SERVICE_CONFIG } from '@meshplane/service-kit';

/**
 * The internal endpoints answer the gateway only, calling as a service: a signed context of kind
 * `service` for `providers`. No context, a user's context (even one the gateway signed for providers'
 * GraphQL) or one signed for another service gets a bare 401.
 */
@Injectable()
export class InternalCallerGuard implements CanActivate {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: ServiceEnv) {}

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
