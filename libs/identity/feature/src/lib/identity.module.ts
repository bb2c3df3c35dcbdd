import { DynamicModule, Module } from '@nestjs/common';
import { AuthController, PSEUDONYM_KEY } from './auth.controller';

/** Sign-in for citizens, regulators and operators (accounts in the identity schema). */
@Module({})
export class IdentityModule {
  static register(options: { pseudonymKey: string }): DynamicModule {
    return {
      module: IdentityModule,
      controllers: [AuthController],
      providers: [{ provide: PSEUDONYM_KEY, useValue: options.pseudonymKey }],
    };
  }
}
