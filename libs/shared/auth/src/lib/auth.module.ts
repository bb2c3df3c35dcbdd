import { DynamicModule, Global, Module } from '@nestjs/common';
import { AccessTokens } from './access-token';
import { PersonAuthGuard } from './auth.guard';

/** Access-token verification for a service; the secret is shared by all services. */
@Global()
@Module({})
export class AuthModule {
  static forService(tokenSecret: string): DynamicModule {
    return {
      module: AuthModule,
      providers: [{ provide: AccessTokens, useValue: new AccessTokens(tokenSecret) }, PersonAuthGuard],
      exports: [AccessTokens, PersonAuthGuard],
    };
  }
}
