/** A settings problem: the path inside the instance's settings and the message. */
export interface SettingsIssue {
  path: PropertyKey[];
  message: string;
}

/** The outcome of {@link validateSettings}. */
export type SettingsValidation =
  | { success: true; value: unknown }
  | { success: false; issues: SettingsIssue[] };

interface StandardIssue {
  message: string;
  path?: ReadonlyArray<PropertyKey | { key: PropertyKey }>;
}

interface StandardSchema {
  '~standard': {
    validate(
      value: unknown,
    ):
      | { value: unknown; issues?: undefined }
      | { issues: ReadonlyArray<StandardIssue> }
      | Promise<
          | { value: unknown; issues?: undefined }
          | { issues: ReadonlyArray<StandardIssue> }
        >;
  };
}

/**
 * Validates an instance's settings with its provider's schema through the
 * Standard Schema interface, so a provider built against another copy (or
 * another version) of zod validates the same way.
 */
export async function validateSettings(
  schema: unknown,
  value: unknown,
): Promise<SettingsValidation> {
  if (!isStandardSchema(schema)) {
    return {
      success: false,
      issues: [
        {
          path: [],
          message:
            'the provider has no usable settingsSchema (it must be a zod schema).',
        },
      ],
    };
  }
  const result = await schema['~standard'].validate(value);
  if (result.issues === undefined)
    return { success: true, value: result.value };
  return {
    success: false,
    issues: result.issues.map((issue) => ({
      message: issue.message,
      path: (issue.path ?? []).map((segment) =>
        typeof segment === 'object' ? segment.key : segment,
      ),
    })),
  };
}

function isStandardSchema(schema: unknown): schema is StandardSchema {
  const standard = (schema as Record<string, unknown> | null)?.['~standard'];
  return (
    typeof standard === 'object' &&
    standard !== null &&
    typeof (standard as Record<string, unknown>).validate === 'function'
  );
}
