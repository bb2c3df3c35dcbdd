import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AccessTokens, CurrentPrincipal, PersonAuthGuard, Principal } from '@consentry/shared-auth';
import { PrincipalDto, TokenRequestDto, TokenResponseDto } from './auth.dto';
import { SignInService } from './sign-in/sign-in.service';

@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  constructor(
    private readonly signIn: SignInService,
    private readonly tokens: AccessTokens,
  ) {}

  @Post('token')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in: exchange a username (citizens: ID number) and password for an access token' })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiUnauthorizedResponse({ description: 'Wrong username or password, or no such account (one problem+json for all)' })
  @ApiTooManyRequestsResponse({
    description:
      'Too many failed sign-ins for this username (without a valid deviceToken), or from this device (with one); refused, even with the right password, until Retry-After (seconds)',
  })
  @ApiServiceUnavailableResponse({ description: 'Too many sign-ins being checked at once (`sign-in-busy`); the attempt was not counted; retry after Retry-After (1 s)' })
  async token(@Body() body: TokenRequestDto): Promise<TokenResponseDto> {
    const { account, deviceToken } = await this.signIn.signIn({ username: body.username, password: body.password, deviceToken: body.deviceToken });
    const { token, expiresAt } = this.tokens.issue({
      accountId: account.id,
      role: account.role,
      citizenPseudonym: account.citizenPseudonym ?? undefined,
      eidLevel: account.eidLevel ?? undefined,
    });
    return { accessToken: token, tokenType: 'Bearer', expiresAt: expiresAt.toISOString(), role: account.role, deviceToken };
  }

  @Get('me')
  @UseGuards(PersonAuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Who the access token belongs to' })
  @ApiOkResponse({ type: PrincipalDto })
  me(@CurrentPrincipal() principal: Principal): PrincipalDto {
    return { accountId: principal.accountId, role: principal.role, eidLevel: principal.eidLevel };
  }
}
