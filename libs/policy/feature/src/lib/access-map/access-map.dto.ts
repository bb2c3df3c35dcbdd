import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageLimit } from '@consentry/shared-http';

export class MyAccessMapQueryDto {
  @ApiProperty({ example: 'fullName', description: 'A field code from GET /v1/fields' })
  @IsString()
  @MaxLength(64)
  field: string;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(400)
  cursor?: string;

  @PageLimit(200, 50)
  limit?: number;
}

export class AccessMapQueryDto extends MyAccessMapQueryDto {
  @ApiProperty({ example: '001090012345', description: "The citizen's 12-digit ID number (used only as its keyed pseudonym)" })
  @IsString()
  citizenId: string;
}
