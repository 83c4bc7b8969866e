/** A voice of the local speech model: an eSpeak voice module and variant. */
export interface LocalVoice {
  /** The id a request names. */
  id: string;
  /** The module's path under `mespeak/voices/`, without `.json`; also its eSpeak voice id. */
  module: string;
  /** An eSpeak variant (`f2`: a female voice); none for the module's own (male). */
  variant?: string;
  /** What it speaks, as a BCP 47 tag. */
  language: string;
}

/** Id, voice module, language and variant of each voice. */
const VOICE_TABLE: ReadonlyArray<[string, string, string, string?]> = [
  ['en-us', 'en/en-us', 'en-US'],
  ['en-us-female', 'en/en-us', 'en-US', 'f2'],
  ['en-gb', 'en/en', 'en-GB'],
  ['en-gb-female', 'en/en', 'en-GB', 'f5'],
  ['en-scotland', 'en/en-sc', 'en-GB'],
  ['de', 'de', 'de-DE'],
  ['de-female', 'de', 'de-DE', 'f2'],
  ['fr', 'fr', 'fr-FR'],
  ['fr-female', 'fr', 'fr-FR', 'f2'],
  ['es', 'es', 'es-ES'],
  ['es-la', 'es-la', 'es-419'],
  ['it', 'it', 'it-IT'],
  ['pt-br', 'pt', 'pt-BR'],
  ['pt-pt', 'pt-pt', 'pt-PT'],
  ['nl', 'nl', 'nl-NL'],
  ['pl', 'pl', 'pl-PL'],
  ['sv', 'sv', 'sv-SE'],
];

/** The voices the local speech model offers: eSpeak's, with a female variant of the main ones. */
export const LOCAL_VOICES: readonly LocalVoice[] = VOICE_TABLE.map(
  ([id, module, language, variant]) => ({
    id,
    module,
    language,
    ...(variant === undefined ? {} : { variant }),
  }),
);

/** The voice a request without one gets. */
export const DEFAULT_VOICE = 'en-us';

/** The primary language tag of a BCP 47 tag, lower case: `en-GB` → `en`. */
export function primaryLanguage(tag: string): string {
  return (tag.split('-')[0] ?? tag).toLowerCase();
}

/**
 * The voice for a language tag: the one with exactly that tag (`en-GB`),
 * else the first of its primary language (`de-AT` → `de`); undefined when
 * no voice speaks it.
 */
export function voiceForLanguage(tag: string): LocalVoice | undefined {
  const exact = LOCAL_VOICES.find(
    (candidate) => candidate.language.toLowerCase() === tag.toLowerCase(),
  );
  return (
    exact ??
    LOCAL_VOICES.find(
      (candidate) =>
        primaryLanguage(candidate.language) === primaryLanguage(tag),
    )
  );
}

/** A voice by id; undefined when the model has no such voice. */
export function voiceById(id: string): LocalVoice | undefined {
  return LOCAL_VOICES.find((candidate) => candidate.id === id);
}
