import { formatConfigPath, type ConfigIssue } from './config-error';

/** The environment variables substitution reads. */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * `${NAME}`, `${NAME:-default}`, or `$${` (a literal `${`). Names are the
 * usual shell ones: letters, digits and `_`, not starting with a digit.
 */
const REFERENCE =
  /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$\{([^}]*)\}?/g;

/** What {@link substituteEnvironment} returns: the new value and any problems. */
export interface SubstitutionResult {
  value: unknown;
  issues: ConfigIssue[];
}

/**
 * Replaces `${NAME}` references in every string value of a parsed config
 * (keys are left alone) with the environment's values. `${NAME:-default}`
 * uses the default when the variable is unset or empty; a plain `${NAME}`
 * that is unset is an issue naming the variable and the field.
 */
export function substituteEnvironment(
  value: unknown,
  environment: Environment,
): SubstitutionResult {
  const issues: ConfigIssue[] = [];
  const walk = (node: unknown, path: Array<string | number>): unknown => {
    if (typeof node === 'string') {
      return substituteString({ text: node, environment, path, issues });
    }
    if (Array.isArray(node)) {
      return node.map((item, index) => walk(item, [...path, index]));
    }
    if (typeof node === 'object' && node !== null) {
      return Object.fromEntries(
        Object.entries(node).map(([key, item]) => [
          key,
          walk(item, [...path, key]),
        ]),
      );
    }
    return node;
  };
  return { value: walk(value, []), issues };
}

function substituteString(options: {
  text: string;
  environment: Environment;
  path: Array<string | number>;
  issues: ConfigIssue[];
}): string {
  const { environment, path, issues } = options;
  return options.text.replace(
    REFERENCE,
    (match: string, ...groups: Array<string | undefined>) => {
      const [name, fallback, malformed] = groups;
      if (match === '$${') return '${';
      if (name === undefined) {
        issues.push({
          path: formatConfigPath(path),
          message: `"${malformed === undefined ? match : `\${${malformed}}`}" is not a valid reference: write \${NAME} or \${NAME:-default} (write $\${ for a literal \${).`,
        });
        return match;
      }
      const found = environment[name];
      if (fallback !== undefined) {
        return found === undefined || found === '' ? fallback : found;
      }
      if (found === undefined) {
        issues.push({
          path: formatConfigPath(path),
          message: `environment variable ${name} is not set (referenced as \${${name}}; write \${${name}:-default} to give a default).`,
        });
        return match;
      }
      return found;
    },
  );
}
