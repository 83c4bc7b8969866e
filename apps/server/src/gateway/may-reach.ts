/** Whether a caller's key may reach a provider instance (every one without a payer or a list). */
export function mayReach(
  payer: { allowedProviders?: string[] } | undefined,
  instance: string,
): boolean {
  const allowed = payer?.allowedProviders;
  return allowed === undefined || allowed.includes(instance);
}
