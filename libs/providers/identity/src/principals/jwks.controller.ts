import { Controller, Get, Header } from '@nestjs/common';
import type { JsonWebKeySet } from '@meshplane/auth';
import { INTERNAL_PATHS } from '@meshplane/contracts';
import { SigningKeysService } from '../keys/signing-keys.service.js';

/** Public keys of the local provider. Kept short in caches: verifiers refetch on an unknown kid anyway. */
@Controller()
export class JwksController {
  constructor(private readonly keys: SigningKeysService) {}

  @Get(INTERNAL_PATHS.jwks)
  @Header('cache-control', 'public, max-age=60')
  jwks(): Promise<JsonWebKeySet> {
    return this.keys.jwks();
  }
}
