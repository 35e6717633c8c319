/**
 * Deny by default: every route declares who may use it (`config.access`), and a route that does
 * not is refused when it is registered, so the server does not start with an undeclared route.
 * One hook then checks each request against the declaration. The public reads without an
 * account; contributors, editors and admins are ranked, each role may do what the one below may.
 */
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { AppError } from '../errors.ts';

import { roleRank, type Role } from '../domain/roles.ts';

export type Access = 'public' | Role;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may use the route. Required on every route. */
    access?: Access;
  }
  interface FastifyRequest {
    /** The signed-in user, when a valid session or token came with the request. */
    user?: { id: number; role: Role; displayName: string; hasTotp?: boolean };
  }
}

/** Route options for a route anyone may use. */
export const PUBLIC = { config: { access: 'public' as const } };
/** Route options for a route that needs at least the given role. */
export const needs = (role: Role) => ({ config: { access: role } });

/** Files under these prefixes come from the static plugin, which takes no route options: all public. */
const STATIC_PREFIXES = ['/static/'];

export interface RouteRecord {
  method: string;
  url: string;
  access: Access;
}

/** Registers the check; returns the list of routes and their rules (for the permission matrix). */
export function registerAccessControl(app: FastifyInstance, options: { requireAdminTotp?: boolean } = {}): RouteRecord[] {
  const routes: RouteRecord[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    const config = (route.config ??= {}) as { access?: Access };
    if (config.access === undefined && STATIC_PREFIXES.some((p) => route.url.startsWith(p))) config.access = 'public';
    if (config.access === undefined) {
      throw new Error(`${[route.method].flat().join(',')} ${route.url} declares no access rule: add { config: { access } } (see src/http/access.ts)`);
    }
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, access: config.access });
  });
  app.addHook('preHandler', async (request) => {
    checkAccess(request, options);
  });
  return routes;
}

export function checkAccess(request: FastifyRequest, options: { requireAdminTotp?: boolean } = {}): void {
  // The not-found handler is no route: it answers 404 to everyone alike.
  if (request.is404) return;
  const access = request.routeOptions.config.access ?? 'admin';
  if (access === 'public') return;
  if (!request.user) throw new AppError('BL_ERR_UNAUTHENTICATED');
  if (roleRank(request.user.role) < roleRank(access)) throw new AppError('BL_ERR_FORBIDDEN');
  if (access === 'admin' && options.requireAdminTotp && !request.user.hasTotp) {
    throw new AppError('BL_ERR_FORBIDDEN', 'Administrators must sign in with two-factor codes here: set it up on your account page (/account/totp), then sign in again.');
  }
}
