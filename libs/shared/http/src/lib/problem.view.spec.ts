import { OpenAPIObject, ResponseObject } from '@nestjs/swagger';
import { documentProblems } from './problem.view';

const PROBLEM = { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemView' } } };

describe('documentProblems', () => {
  const document = (): OpenAPIObject => ({
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: {
      '/open': { get: { responses: { '200': { description: 'ok' } } } },
      '/secured/{id}': {
        post: {
          security: [{ bearer: [] }],
          responses: {
            '201': { description: 'made', content: { 'application/json': { schema: { $ref: '#/components/schemas/Made' } } } },
            '403': { description: 'denied', content: { 'application/json': { schema: { $ref: '#/components/schemas/DenialView' } } } },
            '404': { description: 'none' },
          },
        },
      },
    },
  });

  it('gives every error answer a problem+json body, keeping a schema its decorator named, and leaves success bodies alone', () => {
    const responses = documentProblems(document()).paths['/secured/{id}'].post!.responses;
    expect(responses['201']).toEqual({ description: 'made', content: { 'application/json': { schema: { $ref: '#/components/schemas/Made' } } } });
    expect(responses['403']).toEqual({ description: 'denied', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/DenialView' } } } });
    expect(responses['404']).toEqual({ description: 'none', content: PROBLEM });
  });

  it('adds a default answer to every operation, and a 401 only where a bearer token is asked for', () => {
    const doc = documentProblems(document());
    const open = doc.paths['/open'].get!.responses as Record<string, ResponseObject>;
    const secured = doc.paths['/secured/{id}'].post!.responses as Record<string, ResponseObject>;
    expect(Object.keys(open).sort()).toEqual(['200', 'default']);
    expect(Object.keys(secured).sort()).toEqual(['201', '401', '403', '404', 'default']);
    expect([open['default'].content, secured['401'].content]).toEqual([PROBLEM, PROBLEM]);
  });

  it('keeps a 401 the operation describes itself', () => {
    const doc = document();
    doc.paths['/secured/{id}'].post!.responses['401'] = { description: 'Unknown API key' };
    expect(documentProblems(doc).paths['/secured/{id}'].post!.responses['401']).toEqual({ description: 'Unknown API key', content: PROBLEM });
  });
});
