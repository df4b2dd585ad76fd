import { z } from 'zod';

/**
 * The browser origins allowed to call the APIs, as `scheme://host[:port]` separated by commas, or
 * `*` for any (safe only because the APIs authenticate by bearer token, never by cookie). Empty, the
 * default: none, so a browser app on another origin is refused until an operator names it.
 */
export const CORS_VARIABLES = {
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((origin) => origin.trim()).filter((origin) => origin !== ''))
    .superRefine((origins, context) => {
      for (const origin of origins) {
        if (origin === '*' ? origins.length > 1 : !isOrigin(origin)) {
          context.addIssue({ code: 'custom', message: origin === '*' ? '* stands alone' : `${origin} is not an origin (scheme://host[:port], no path)` });
        }
      }
    }),
};

/** null: no origin allowed (CORS is not answered at all); '*': any; otherwise exactly these. */
export type CorsOrigins = '*' | readonly string[] | null;

export function corsOriginsOf(origins: readonly string[]): CorsOrigins {
  if (origins.length === 0) return null;
  return origins[0] === '*' ? '*' : origins;
}

function isOrigin(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === text;
  } catch {
    return false;
  }
}
