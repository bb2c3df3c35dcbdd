import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { DEVICE_TOKEN_MAX_LENGTH } from './sign-in/device-token.util';

export class TokenRequestDto {
  @ApiProperty({ description: 'Citizens: their 12-digit ID number. Staff: their username.', example: '001090012345' })
  @IsString()
  @Length(1, 128)
  username: string;

  @ApiProperty({ example: 'demo-password', minLength: 1, maxLength: 256 })
  @IsString()
  @Length(1, 256)
  password: string;

  @ApiPropertyOptional({
    description:
      'The deviceToken of an earlier successful sign-in on this device. Failed sign-ins with it are counted for this device alone, so failures by others cannot lock this device out. A token that is not valid for this username is ignored.',
    maxLength: DEVICE_TOKEN_MAX_LENGTH,
  })
  @IsOptional()
  @IsString()
  @MaxLength(DEVICE_TOKEN_MAX_LENGTH)
  deviceToken?: string;
}

export class TokenResponseDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: 'Bearer';
  @ApiProperty() expiresAt: string;
  @ApiProperty({ enum: ['citizen', 'regulator', 'operator'] }) role: string;
  @ApiProperty({ description: 'Opaque; keep it on this device and send it with later sign-ins (valid SIGN_IN_DEVICE_TOKEN_TTL_DAYS, 90 by default). A new one comes with every success.' })
  deviceToken: string;
}

export class PrincipalDto {
  @ApiProperty() accountId: string;
  @ApiProperty({ enum: ['citizen', 'regulator', 'operator'] }) role: string;
  @ApiProperty({ required: false, description: 'Citizens: e-ID level (2 = verified)' }) eidLevel?: number;
}
