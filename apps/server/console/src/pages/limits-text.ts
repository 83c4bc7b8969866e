import type { KeyLimits } from './use-key-admin';

/** A key's limits in one line: `60/min · 1000/day · routes image, text`. */
export function limitsText(limits: KeyLimits | undefined): string {
  if (limits === undefined) return 'none';
  const parts: string[] = [];
  if (limits.perMinute !== undefined) parts.push(`${limits.perMinute}/min`);
  if (limits.perHour !== undefined) parts.push(`${limits.perHour}/hour`);
  if (limits.perDay !== undefined) parts.push(`${limits.perDay}/day`);
  if (limits.routes !== undefined)
    parts.push(`routes ${limits.routes.join(', ')}`);
  if (limits.providers !== undefined) {
    parts.push(`providers ${limits.providers.join(', ')}`);
  }
  return parts.length === 0 ? 'none' : parts.join(' · ');
}

/** The fields of a limits form, as text. */
export interface LimitsFields {
  perMinute: string;
  perHour: string;
  perDay: string;
  routes: string;
  providers: string;
}

/** A key's limits as form fields. */
export function limitsFields(limits: KeyLimits | undefined): LimitsFields {
  return {
    perMinute: limits?.perMinute?.toString() ?? '',
    perHour: limits?.perHour?.toString() ?? '',
    perDay: limits?.perDay?.toString() ?? '',
    routes: limits?.routes?.join(', ') ?? '',
    providers: limits?.providers?.join(', ') ?? '',
  };
}

const count = (text: string) =>
  text.trim() === '' ? undefined : Number(text.trim());
const names = (text: string) => {
  const list = text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  return list.length === 0 ? undefined : list;
};

/**
 * Form fields as limits (an empty field is no limit), or null when every
 * field is empty; the gateway checks them.
 */
export function limitsOf(fields: LimitsFields): KeyLimits | null {
  const limits: KeyLimits = {
    perMinute: count(fields.perMinute),
    perHour: count(fields.perHour),
    perDay: count(fields.perDay),
    routes: names(fields.routes),
    providers: names(fields.providers),
  };
  return Object.values(limits).every((value) => value === undefined)
    ? null
    : limits;
}
