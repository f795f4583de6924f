import { DEFAULTS } from '../model/defaults.js';
import { didYouMean } from '../suggest.js';
import type { Rule } from './context.js';

/** True when `Intl` can format dates and numbers in `tag` (itself or by falling back to its language). */
export function isKnownLocale(tag: string): boolean {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    // The default is in every Node build; asking Intl costs ~11 ms of ICU start-up in a validate run.
    if (canonical === DEFAULTS.locale) return true;
    return canonical !== undefined && Intl.DateTimeFormat.supportedLocalesOf([canonical]).length > 0 && Intl.NumberFormat.supportedLocalesOf([canonical]).length > 0;
  } catch {
    return false;
  }
}

/** True for an IANA time zone name Intl knows (an offset such as +05:00 is not a zone). */
export function isIanaTimeZone(zone: string): boolean {
  if (zone === DEFAULTS.timezone) return true;
  if (!/^[A-Za-z]/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function localeHint(tag: string): string {
  const hyphened = tag.replace(/_/g, '-');
  if (hyphened !== tag && isKnownLocale(hyphened)) return `write it with a hyphen: '${Intl.getCanonicalLocales(hyphened)[0]}'`;
  return 'write a BCP 47 language tag such as en-US, es-US or fr-CA';
}

/** SPEC 3.1 `invalid-locale` and `invalid-timezone`: `reporting.locale` and `reporting.timezone` that Intl does not know. */
export const reportingSettings: Rule = {
  name: 'reporting-settings',
  meta: { description: "the locale and time zone are ones Intl knows", codes: ['invalid-locale', 'invalid-timezone'] },
  run(ctx) {
    const { settings } = ctx.initiative;
    const { locale, timezone } = settings.reporting;
    if (!isKnownLocale(locale)) {
      ctx.report('invalid-locale', settings.at, ['reporting', 'locale'], `reporting.locale '${locale}' is not a locale Concert can format numbers and dates in`, {
        hint: localeHint(locale),
      });
    }
    if (!isIanaTimeZone(timezone)) {
      const zones = Intl.supportedValuesOf('timeZone');
      ctx.report('invalid-timezone', settings.at, ['reporting', 'timezone'], `reporting.timezone '${timezone}' is not an IANA time zone`, {
        hint: didYouMean(timezone, zones) ?? 'write a zone name such as America/Chicago, Europe/London or UTC',
      });
    }
  },
};
