/**
 * An API route is declared once, with its input and output schemas; the same declaration
 * registers it with Fastify, validates requests and produces the OpenAPI document.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ResponseCache } from '../response-cache.ts';
import { parseInput } from '../validate.ts';
import type { Access } from '../access.ts';
import { AppError } from '../../errors.ts';

export interface ApiRoute<Q extends z.ZodType = z.ZodType, P extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  /** GET answers are cached; POST answers (computed from the body) are not. */
  method: 'GET' | 'POST' | 'PATCH';
  /** Who may call it (default: anyone). */
  access?: Access;
  /** The scope an API token needs (a session needs none): checked before the input, so a token without it gets 403. */
  scope?: string;
  /** false for a POST that only computes an answer: no CSRF token needed. */
  csrf?: false;
  /** Fastify path syntax (/api/v1/deployments/:slug). */
  url: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  query?: Q;
  params?: P;
  /** JSON request body (POST). */
  body?: B;
  /** The route answers 201 Created (it sets the status itself); documented so. */
  created?: true;
  /** Schema of the 200 (or 201) response body (JSON). */
  response: z.ZodType;
  /** Other responses, by status, for the documentation. */
  errors?: number[];
  handler: (input: { query: z.output<Q>; params: z.output<P>; body: z.output<B> }, request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
}

/** Helps TypeScript infer the input types of a route. */
export function apiRoute<Q extends z.ZodType, P extends z.ZodType, B extends z.ZodType = z.ZodType>(route: ApiRoute<Q, P, B>): ApiRoute<Q, P, B> {
  return route;
}

export function registerApiRoutes(app: FastifyInstance, routes: ApiRoute<any, any, any>[], cache: ResponseCache): void {
  for (const route of routes) {
    const answer = async (request: FastifyRequest, reply: FastifyReply) => {
      if (route.scope && request.tokenScopes && !request.tokenScopes.includes(route.scope)) throw new AppError('BL_ERR_FORBIDDEN', `The token lacks the ${route.scope} scope.`);
      const query = route.query ? parseInput(route.query, request.query) : {};
      const params = route.params ? parseInput(route.params, request.params) : {};
      const body = route.body ? parseInput(route.body, request.body ?? {}) : undefined;
      return JSON.stringify(await route.handler({ query, params, body }, request, reply));
    };
    if (route.method === 'GET') {
      app.route({
        method: 'GET',
        url: route.url,
        config: { access: route.access ?? 'public' },
        handler: cache.handler(async (request, reply) => ({ type: 'application/json; charset=utf-8', body: await answer(request, reply) })),
      });
    } else {
      app.route({
        method: route.method,
        url: route.url,
        config: { access: route.access ?? 'public', ...(route.csrf === false ? { csrf: false as const } : {}) },
        handler: async (request, reply) => reply.type('application/json; charset=utf-8').header('cache-control', 'no-store').send(await answer(request, reply)),
      });
    }
  }
}
