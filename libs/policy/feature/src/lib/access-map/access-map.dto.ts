import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

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

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class AccessMapQueryDto extends MyAccessMapQueryDto {
  @ApiProperty({ example: '001090012345', description: "The citizen's 12-digit ID number (used only as its keyed pseudonym)" })
  @IsString()
  citizenId: string;
}
