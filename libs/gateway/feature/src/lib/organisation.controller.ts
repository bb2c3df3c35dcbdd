import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import { ApiKeyOwner } from '@consentry/gateway-data-access';
import { validateIdNumber } from '@consentry/population-domain';
import { ValidationProblem } from '@consentry/shared-http';
import { ApiKeyGuard, CurrentOrganisation } from './api-key.guard';

class OrganisationDto {
  @ApiProperty() organisationId: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: 'enterprise' }) kind: string;
  @ApiProperty({ example: 'csk_1a2b3c4d5e6f', description: 'Visible prefix of the key used for this call' }) keyPrefix: string;
  @ApiProperty({ example: ['verify', 'lookup'] }) scopes: string[];
}

class IdNumberCheckDto {
  @ApiProperty({ example: '001090012345', description: '12-digit citizen ID number' })
  @IsString()
  idNumber: string;
}

class IdNumberCheckResultDto {
  @ApiProperty({ example: true }) valid: true;
  @ApiProperty({ example: '001' }) provinceCode: string;
  @ApiProperty({ example: 'Ha Noi' }) provinceName: string;
  @ApiProperty({ enum: ['male', 'female'] }) sex: string;
  @ApiProperty({ example: 1990 }) birthYear: number;
}

@ApiTags('organisations')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing, unknown or revoked API key (problem+json)' })
@UseGuards(ApiKeyGuard)
@Controller('v1')
export class OrganisationController {
  @Get('organisations/me')
  @ApiOperation({ summary: 'The organisation and key behind this API key' })
  @ApiOkResponse({ type: OrganisationDto })
  me(@CurrentOrganisation() owner: ApiKeyOwner): OrganisationDto {
    return {
      organisationId: owner.organisationId,
      name: owner.organisationName,
      kind: owner.organisationKind,
      keyPrefix: owner.keyPrefix,
      scopes: owner.scopes,
    };
  }

  @Post('id-numbers/validate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Check the format of a citizen ID number (province, century/sex digit, year) before paying for a lookup',
    description: 'Free; reads no citizen data, so it says nothing about whether the number exists.',
  })
  @ApiOkResponse({ type: IdNumberCheckResultDto })
  validate(@Body() body: IdNumberCheckDto): IdNumberCheckResultDto {
    const result = validateIdNumber(body.idNumber);
    if (!result.valid) {
      throw new ValidationProblem(result.errors.map((e) => ({ field: 'idNumber', message: e.message })));
    }
    const { provinceCode, provinceName, sex, birthYear } = result.parts;
    return { valid: true, provinceCode, provinceName, sex, birthYear };
  }
}
