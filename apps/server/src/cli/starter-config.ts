import type { EmbeddedDefault } from '../config/embedded-default';

/** What each route type serves, for the comment above its route. */
const ROUTE_NOTES: Record<string, string> = {
  image: 'text-to-image and image edits',
  text: 'chat and completions (streams too)',
  speech: 'text to speech',
  music: 'music from a prompt',
  video: 'video from a prompt or an image',
  training: 'custom-model training jobs (jobs.submit only)',
};

const header = (
  file: string,
) => `# Switchyard gateway config, written by \`switchyard init\`.
#
# Check it:   switchyard config check ${file}
# Start:      switchyard start --config ${file}   (or SWITCHYARD_CONFIG=${file} switchyard)
# A key:      SWITCHYARD_CONFIG=${file} switchyard keys create --name me --credits 5000000
#
# "\${NAME}" anywhere in a string is replaced from the environment when the file
# is read ("\${NAME:-default}" gives a default); a missing variable stops start-up.

# Who may call. With required: true every call sends an API key
# ("Authorization: Bearer …") made with \`switchyard keys create\`.
# false serves anyone, uncharged: for local development only.
auth:
  required: true

# Where API keys, credits, generations and jobs live: a SQLite file (relative
# to this file) or PostgreSQL ("postgres://user@127.0.0.1:5432/switchyard").
store:
  url: "sqlite:./data/switchyard.db"`;

const PROVIDERS_HEADER = `
# Provider instances, by name (the name is what targets start with). "use"
# picks the provider (default: the instance's name); other keys are that
# provider's settings (apiKey, baseURL, timeoutMs, prices, models, quota, ...).
# Keys stay in the environment: this file only names the variable.
providers:`;

const ROUTES_HEADER = `
# Routes: the "instance:model" targets a call of each type tries. A failed
# attempt is retried when worth it (retry), then the next target is tried
# (fallback). strategy: ordered (as listed), cheapest, fastest, weighted
# (with weights) or least-busy. A route named after a type is that type's
# default; other names need "type:" and are picked with a request's "route".
routes:`;

/**
 * A commented YAML config for `switchyard init`: the built-in providers whose
 * keys the environment holds (their keys as `${VARIABLE}` references, never
 * the values), the offline `local` provider, and a route per type through
 * them, in the order the embedded defaults use.
 */
export function renderStarterConfig(options: {
  embedded: EmbeddedDefault;
  /** The file's name as the user gave it, for the commands in the header. */
  file: string;
}): string {
  const { embedded } = options;
  const lines = [header(options.file), PROVIDERS_HEADER];
  for (const name of Object.keys(embedded.config.providers)) {
    const variable = embedded.keyVariables[name];
    if (name === 'local') {
      lines.push(
        '  # offline, no key: PNG images, echo text, eSpeak speech, music, video, style training',
        '  local: {}',
      );
    } else if (variable !== undefined && variable !== '') {
      lines.push(
        `  ${name}: # ${variable} was set when this was written`,
        `    apiKey: ${quote(`\${${variable}}`)}`,
      );
    } else lines.push(`  ${name}: {}`);
  }
  lines.push(ROUTES_HEADER);
  let first = true;
  for (const [name, route] of Object.entries(embedded.config.routes)) {
    const note = ROUTE_NOTES[name];
    lines.push(`  ${name}:${note === undefined ? '' : ` # ${note}`}`);
    lines.push(`    strategy: ordered`);
    lines.push('    targets:');
    for (const target of route.targets) lines.push(`      - ${quote(target)}`);
    if (first) {
      lines.push(
        '    retry: { maxAttempts: 2 } # calls per target, the first included',
        '    timeoutMs: 60000 # per attempt; deadlineMs bounds the whole call',
      );
      first = false;
    }
  }
  return `${lines.join('\n')}\n`;
}

/** A YAML double-quoted string (JSON's escaping is valid YAML). */
function quote(text: string): string {
  return JSON.stringify(text);
}
