import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import { ApiKeyGuard } from '@consentry/identity-feature';
import { idNumberCurrentYear, validateIdNumber } from '@consentry/population-domain';
import { ValidationProblem } from '@consentry/shared-http';

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

@ApiTags('id-numbers')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing, unknown or revoked API key' })
@UseGuards(ApiKeyGuard)
@Controller('v1/id-numbers')
export class IdNumbersController {
  @Post('validate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Check the format of a citizen ID number (province, century/sex digit, year) before paying for a lookup',
    description: 'Free; reads no citizen data, so it says nothing about whether the number exists. A birth year after the current year (Asia/Ho_Chi_Minh) is refused.',
  })
  @ApiOkResponse({ type: IdNumberCheckResultDto })
  validate(@Body() body: IdNumberCheckDto): IdNumberCheckResultDto {
    const result = validateIdNumber(body.idNumber, { currentYear: idNumberCurrentYear(new Date()) });
    if (!result.valid) {
      throw new ValidationProblem(result.errors.map((e) => ({ field: 'idNumber', message: e.message })));
    }
    const { provinceCode, provinceName, sex, birthYear } = result.parts;
    return { valid: true, provinceCode, provinceName, sex, birthYear };
  }
}
