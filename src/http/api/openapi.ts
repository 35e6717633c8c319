/**
 * The OpenAPI 3.1 document, generated from the route declarations and their zod schemas, so
 * the documentation cannot drift from what the server validates.
 */
import { z } from 'zod';
import { ERRORS } from '../../errors.ts';
import type { ApiRoute } from './route.ts';

type JsonSchema = Record<string, unknown>;

function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const s = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  delete s.$schema;
  return s;
}

function parameters(schema: z.ZodType | undefined, where: 'query' | 'path') {
  if (!schema) return [];
  const json = toSchema(schema, 'output');
  const props = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required as string[] | undefined) ?? []);
  return Object.entries(props).map(([name, s]) => {
    const { description, default: _default, ...rest } = s;
    const isArray = rest.type === 'array';
    return {
      name,
      in: where,
      required: where === 'path' || (required.has(name) && !isArray && _default === undefined),
      ...(description !== undefined && { description }),
      schema: { ...rest, ...(_default !== undefined && { default: _default }) },
      ...(isArray && { style: 'form', explode: true }),
    };
  });
}

const problemSchema = {
  type: 'object',
  description: 'RFC 9457 problem document',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string', enum: Object.keys(ERRORS) },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
  },
  required: ['title', 'status', 'code'],
};

export function openApiDocument(routes: ApiRoute<any, any, any>[], serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:(\w+)/g, '{$1}');
    const responses: Record<string, unknown> = {
      [r.created ? 201 : 200]: { description: r.created ? 'Created' : 'OK', content: { 'application/json': { schema: toSchema(r.response, 'output') } } },
    };
    for (const status of r.errors ?? [400]) {
      responses[status] = { description: Object.values(ERRORS).find((e) => e.status === status)?.title ?? 'Error', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
    }
    (paths[path] ??= {})[r.method.toLowerCase()] = {
      operationId: r.operationId,
      summary: r.summary,
      ...(r.description && { description: r.description }),
      tags: [r.tag],
      parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query')],
      // Routes for signed-in users: an API token (with the route's scope) or a session cookie.
      ...(r.access && r.access !== 'public' && { security: [{ bearerToken: r.scope ? [r.scope] : [] }, { session: [] }], 'x-access': r.access }),
      ...(r.body && { requestBody: { required: true, content: { 'application/json': { schema: toSchema(r.body, 'input') } } } }),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Borderlens API',
      version: '1.0.0',
      description: 'Access to the Borderlens compendium of digital technologies deployed in asylum, migration and border control, and to its assessment against recommendations and law.',
      license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
    },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      schemas: { Problem: problemSchema },
      securitySchemes: {
        bearerToken: { type: 'http', scheme: 'bearer', description: 'An API token made on the account page (/account/tokens); its scopes are listed there.' },
        session: { type: 'apiKey', in: 'cookie', name: 'bl_session', description: 'A signed-in session; state-changing requests also need its CSRF token in the x-csrf-token header.' },
      },
    },
  };
}
