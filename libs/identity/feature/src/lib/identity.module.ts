import { DynamicModule, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccountRepository, SignInAttemptRepository } from '@consentry/identity-data-access';
import { AuthController } from './auth.controller';
import { DeviceTokens } from './sign-in/device-tokens';
import { PasswordVerifier } from './sign-in/password-verifier';
import { SignInService } from './sign-in/sign-in.service';
import { SignInSettings } from './sign-in/sign-in.settings';

/** Sign-in for citizens, regulators and operators (accounts in the identity schema). */
@Module({})
export class IdentityModule {
  static register(settings: SignInSettings): DynamicModule {
    return {
      module: IdentityModule,
      controllers: [AuthController],
      providers: [
        { provide: PasswordVerifier, useFactory: () => new PasswordVerifier({ concurrency: settings.hashConcurrency, queueMax: settings.hashQueueMax }) },
        {
          provide: SignInService,
          inject: [getDataSourceToken(), PasswordVerifier],
          useFactory: (dataSource: DataSource, passwords: PasswordVerifier) =>
            new SignInService(
              new AccountRepository(dataSource),
              new SignInAttemptRepository(dataSource),
              passwords,
              new DeviceTokens(settings.pseudonymKey, settings.deviceTokenTtlDays),
              settings,
            ),
        },
      ],
    };
  }
}
