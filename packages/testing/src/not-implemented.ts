/**
 * Throws the error a mock's unconfigured method throws.
 * @internal
 */
export function notImplemented(name: string): never {
  throw new Error(
    `${name} is not implemented: pass it to the mock's constructor.`,
  );
}
