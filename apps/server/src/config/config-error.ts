/** One problem in a config file: where it is and what is wrong. */
export interface ConfigIssue {
  /** Field path in the config, e.g. `routes.image.targets[0]`; empty for the whole file. */
  path: string;
  message: string;
}

/** Constructor options of {@link ConfigError}. */
export interface ConfigErrorOptions {
  /** The config file, or undefined for the embedded defaults. */
  file: string | undefined;
  issues: ConfigIssue[];
  cause?: unknown;
}

/**
 * A config that cannot be used: the server refuses to start and the message
 * names the file and every bad field.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly file: string | undefined;
  readonly issues: ConfigIssue[];

  constructor(options: ConfigErrorOptions) {
    super(describeIssues(options), { cause: options.cause });
    this.file = options.file;
    this.issues = options.issues;
  }
}

function describeIssues(options: ConfigErrorOptions): string {
  const source = options.file ?? 'the embedded default config';
  const lines = options.issues.map((issue) =>
    issue.path === ''
      ? `  - ${issue.message}`
      : `  - ${issue.path}: ${issue.message}`,
  );
  return `Invalid Switchyard config in ${source}:\n${lines.join('\n')}`;
}

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

/**
 * Formats a field path the way a reader writes it: `routes.image.targets[0]`,
 * with `["odd key"]` for keys that are not plain names.
 */
export function formatConfigPath(
  segments: ReadonlyArray<PropertyKey | { key: PropertyKey }>,
): string {
  let text = '';
  for (const segment of segments) {
    const key =
      typeof segment === 'object' && segment !== null ? segment.key : segment;
    if (typeof key === 'number') text += `[${key}]`;
    else if (typeof key === 'string' && IDENTIFIER.test(key)) {
      text += text === '' ? key : `.${key}`;
    } else text += `[${JSON.stringify(String(key))}]`;
  }
  return text;
}
