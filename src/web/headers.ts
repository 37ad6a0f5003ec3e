// The one place that sets the security and caching headers, for every response of the service:
// pages, the invitation pages, /docs and the API alike. Registered in buildApp before any route.
import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { isSecure } from './session.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The response is someone's own even without a signed-in visitor (a link's token, an address). */
    private?: boolean;
  }
}

const framing = { formAction: ["'self'"], frameAncestors: ["'none'"], baseUri: ["'none'"] };

/** The pages: no script at all, the stylesheet and images from here, forms posted only here. */
const pagePolicy = {
  defaultSrc: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  ...framing,
};

/** Swagger UI runs its own scripts (from here) and sets inline styles as it renders. */
const docsPolicy = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  ...framing,
};

/**
 * Whatever a response carries for the person who asked (addresses above all) is kept by no
 * cache: every response to a signed-in request, and routes marked private. A route that set its
 * own Cache-Control (the stylesheet, the calendar feeds) keeps it; other pages are revalidated;
 * public reads for visitors (the programme) stay cacheable.
 */
async function cachingRule(request: FastifyRequest, reply: FastifyReply) {
  if (reply.hasHeader('cache-control')) return;
  if (request.person || request.routeOptions.config?.private) reply.header('cache-control', 'no-store');
  else if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
    reply.header('cache-control', 'private, no-cache');
  }
}

export const securityHeaders = fp(
  async (app: FastifyInstance) => {
    const secure = isSecure(app.config);
    const upgrade: Record<string, string[]> = secure ? { upgradeInsecureRequests: [] } : {};
    // Before helmet's own onRoute hook, which reads the route's helmet options.
    app.addHook('onRoute', (route) => {
      if (route.url === '/docs' || route.url.startsWith('/docs/')) {
        route.helmet = { contentSecurityPolicy: { useDefaults: false, directives: { ...docsPolicy, ...upgrade } } };
      }
    });
    await app.register(helmet, {
      global: true,
      contentSecurityPolicy: { useDefaults: false, directives: { ...pagePolicy, ...upgrade } },
      // Only on https: on plain http (a laptop, the tests) it would break the stylesheet.
      strictTransportSecurity: secure ? { maxAge: 15_552_000 } : false,
      crossOriginEmbedderPolicy: false,
      frameguard: { action: 'deny' },
      // Browsers then send our own Origin with a form (no-referrer would make it "null").
      referrerPolicy: { policy: 'same-origin' },
    });
    app.addHook('onSend', async (request, reply) => {
      await cachingRule(request, reply);
    });
  },
  { name: 'indaba-security-headers', fastify: '5.x' },
);
