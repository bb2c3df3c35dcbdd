import { Injectable, PipeTransform } from '@nestjs/common';
import { ValidationProblem } from './problem';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID in its text form (any case). */
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/** Path parameter that must be a UUID; otherwise a 400 problem naming the parameter. */
@Injectable()
export class UuidParamPipe implements PipeTransform<string, string> {
  constructor(private readonly name = 'id') {}

  transform(value: string): string {
    if (!isUuid(value)) throw new ValidationProblem([{ field: this.name, message: 'must be a UUID' }]);
    return value.toLowerCase();
  }
}
