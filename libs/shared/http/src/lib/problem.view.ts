import { ApiProperty, ApiPropertyOptional, getSchemaPath, OpenAPIObject, ResponseObject } from '@nestjs/swagger';
import { FieldError, PROBLEM_CONTENT_TYPE, ProblemBody } from './problem';

export class FieldErrorView implements FieldError {
  @ApiProperty({ example: 'claims.fullName', description: 'Where in the request, e.g. a body path, a query parameter or a header' })
  field!: string;
  @ApiProperty({ example: 'must be a string' })
  message!: string;
}

/** Every error answer of this platform: RFC 9457 problem details, sent as application/problem+json. */
export class ProblemView implements ProblemBody {
  [extension: string]: unknown;
  @ApiProperty({ example: 'https://consentry.dev/problems/validation', description: 'Stable URI to switch on' })
  type!: string;
  @ApiProperty({ example: 'Invalid request' })
  title!: string;
  @ApiProperty({ example: 400 })
  status!: number;
  @ApiPropertyOptional({ description: 'What went wrong, for a person; never personal data' })
  detail?: string;
  @ApiPropertyOptional()
  instance?: string;
  @ApiPropertyOptional({ description: 'Also in the X-Request-Id header; quote it to support' })
  requestId?: string;
  @ApiPropertyOptional({ type: [FieldErrorView], description: 'Each invalid input (400 validation)' })
  errors?: FieldErrorView[];
}

const SECURED_401 = 'Missing, unknown, expired or revoked credentials';
const ANY_OTHER =
  'Any other failure: 400 for input that is malformed or invalid (errors names each field), 413 for a body too large, ' +
  '415 for a body in a media type the service does not read, 500 for an unexpected fault, 503 while a dependency (the database) is unavailable';

/**
 * Makes a document's error answers say what they are: every 4xx and 5xx (and the `default`
 * added to every operation for the answers it does not list) is application/problem+json, with
 * the schema its decorator gave (a subclass of ProblemView) or ProblemView itself. An operation
 * behind a bearer token lists its 401. The document must hold ProblemView (`extraModels`).
 */
export function documentProblems(document: OpenAPIObject): OpenAPIObject {
  for (const operations of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = operations[method];
      if (!operation) continue;
      const responses = operation.responses as Record<string, ResponseObject>;
      if ((operation.security ?? document.security ?? []).length > 0) responses['401'] ??= { description: SECURED_401 };
      responses['default'] ??= { description: ANY_OTHER };
      for (const [code, response] of Object.entries(responses)) {
        if (!/^[45]\d\d$/.test(code) && code !== 'default') continue;
        const given = Object.values(response.content ?? {}).find((media) => media.schema !== undefined)?.schema;
        response.content = { [PROBLEM_CONTENT_TYPE]: { schema: given ?? { $ref: getSchemaPath(ProblemView) } } };
      }
    }
  }
  return document;
}
