import { Body, Controller, Get, HttpCode, Inject, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessTokens, CurrentPrincipal, PersonAuthGuard, Principal, pseudonymFor, verifyPassword } from '@consentry/shared-auth';
import { ProblemException, ValidationProblem } from '@consentry/shared-http';
import { AccountRepository } from '@consentry/identity-data-access';
import { validateIdNumber } from '@consentry/population-domain';
import { PrincipalDto, TokenRequestDto, TokenResponseDto } from './auth.dto';

export const PSEUDONYM_KEY = Symbol('PSEUDONYM_KEY');

const badCredentials = () =>
  new ProblemException(401, 'bad-credentials', 'Sign-in failed', 'The username or password is not correct');

@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  private readonly accounts: AccountRepository;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly tokens: AccessTokens,
    @Inject(PSEUDONYM_KEY) private readonly pseudonymKey: string,
  ) {
    this.accounts = new AccountRepository(dataSource);
  }

  @Post('token')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in: exchange a username (citizens: ID number) and password for an access token' })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiUnauthorizedResponse({ description: 'Wrong username or password (problem+json)' })
  async token(@Body() body: TokenRequestDto): Promise<TokenResponseDto> {
    const login = this.loginFor(body.username);
    const account = await this.accounts.findActiveByLogin(login);
    if (!account || !(await verifyPassword(body.password, account.passwordHash))) throw badCredentials();
    const { token, expiresAt } = this.tokens.issue({
      accountId: account.id,
      role: account.role,
      citizenPseudonym: account.citizenPseudonym ?? undefined,
      eidLevel: account.eidLevel ?? undefined,
    });
    return { accessToken: token, tokenType: 'Bearer', expiresAt: expiresAt.toISOString(), role: account.role };
  }

  @Get('me')
  @UseGuards(PersonAuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Who the access token belongs to' })
  @ApiOkResponse({ type: PrincipalDto })
  me(@CurrentPrincipal() principal: Principal): PrincipalDto {
    return { accountId: principal.accountId, role: principal.role, eidLevel: principal.eidLevel };
  }

  /** Citizens sign in with their ID number, which is stored only as a keyed pseudonym. */
  private loginFor(username: string): string {
    if (!/^\d+$/.test(username)) return username;
    const check = validateIdNumber(username);
    if (!check.valid) {
      throw new ValidationProblem(check.errors.map((e) => ({ field: 'username', message: e.message })));
    }
    return pseudonymFor(this.pseudonymKey, username);
  }
}
