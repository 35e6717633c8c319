/**
 * An API route is declared once, with its input and output schemas; the same declaration
 * registers it with Fastify, validates requests and produces the OpenAPI document.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ResponseCache } from '../response-cache.ts';
import { parseInput } from '../validate.ts';

export interface ApiRoute<Q extends z.ZodType = z.ZodType, P extends z.ZodType = z.ZodType> {
  method: 'GET';
  /** Fastify path syntax (/api/v1/deployments/:slug). */
  url: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  query?: Q;
  params?: P;
  /** Schema of the 200 response body (JSON). */
  response: z.ZodType;
  /** Other responses, by status, for the documentation. */
  errors?: number[];
  handler: (input: { query: z.output<Q>; params: z.output<P> }, request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
}

/** Helps TypeScript infer the input types of a route. */
export function apiRoute<Q extends z.ZodType, P extends z.ZodType>(route: ApiRoute<Q, P>): ApiRoute<Q, P> {
  return route;
}

export function registerApiRoutes(app: FastifyInstance, routes: ApiRoute<any, any>[], cache: ResponseCache): void {
  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.url,
      handler: cache.handler(async (request, reply) => {
        const query = route.query ? parseInput(route.query, request.query) : {};
        const params = route.params ? parseInput(route.params, request.params) : {};
        const body = await route.handler({ query, params }, request, reply);
        return { type: 'application/json; charset=utf-8', body: JSON.stringify(body) };
      }),
    });
  }
}
