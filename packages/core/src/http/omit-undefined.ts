/** `T` without the fields whose value is `undefined`: each becomes optional. */
export type OmitUndefined<T extends object> = {
  [K in keyof T as undefined extends T[K] ? never : K]: T[K];
} & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<
    T[K],
    undefined
  >;
};

/**
 * A request body's fields without those left `undefined`, so an unset
 * setting is absent from the JSON rather than sent as `null` or a default.
 *
 * @example
 * omitUndefined({ prompt: 'a cat', seed: request.seed }); // { prompt: 'a cat' } without a seed
 */
export function omitUndefined<T extends object>(fields: T): OmitUndefined<T> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  ) as OmitUndefined<T>;
}

/** Like {@link omitUndefined}, but `undefined` when no field is left. */
export function omitUndefinedOrNone<T extends object>(
  fields: T,
): OmitUndefined<T> | undefined {
  const kept = omitUndefined(fields);
  return Object.keys(kept).length === 0 ? undefined : kept;
}
