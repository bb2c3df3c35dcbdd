import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/**
 * An optional `limit` query parameter: a whole number from 1 to `max` (it arrives as text, so it
 * is converted first), documented with the default the endpoint applies when it is absent.
 */
export function PageLimit(max: number, defaultLimit: number): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ description: `Page size (1-${max})`, minimum: 1, maximum: max, default: defaultLimit }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(max),
  );
}
