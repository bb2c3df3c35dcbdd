import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class TokenRequestDto {
  @ApiProperty({ description: 'Citizens: their 12-digit ID number. Staff: their username.', example: '001090012345' })
  @IsString()
  @Length(1, 128)
  username: string;

  @ApiProperty({ example: 'demo-password', minLength: 1, maxLength: 256 })
  @IsString()
  @Length(1, 256)
  password: string;
}

export class TokenResponseDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: 'Bearer';
  @ApiProperty() expiresAt: string;
  @ApiProperty({ enum: ['citizen', 'regulator', 'operator'] }) role: string;
}

export class PrincipalDto {
  @ApiProperty() accountId: string;
  @ApiProperty({ enum: ['citizen', 'regulator', 'operator'] }) role: string;
  @ApiProperty({ required: false, description: 'Citizens: e-ID level (2 = verified)' }) eidLevel?: number;
}
